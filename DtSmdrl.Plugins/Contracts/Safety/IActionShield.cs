namespace DtSmdrl.Plugins.Contracts.Safety;

/// <summary>
/// A decision-time safety shield over the twin action set (contract version <see cref="SafetyContract.Version"/>).
/// Implementations only remove actions (never allow one the request forbade); when nothing is left they allow
/// only <see cref="SafetyContract.HoldAction"/> and set <see cref="ShieldDecision.FellBackToHold"/>.
/// </summary>
[PluginContract("safety", SafetyContract.Version)]
public interface IActionShield
{
    /// <summary>Short, stable name shown in logs and reports.</summary>
    string Name { get; }

    /// <summary>Masks the unsafe actions of one decision.</summary>
    ShieldDecision Shield(ShieldRequest request);
}
