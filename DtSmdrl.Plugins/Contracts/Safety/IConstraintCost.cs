namespace DtSmdrl.Plugins.Contracts.Safety;

/// <summary>What happened to one patient in one treatment cycle, as far as its safety cost is concerned.</summary>
/// <param name="MinimumAnc">Lowest absolute neutrophil count in the cycle, 10^9/L.</param>
/// <param name="NewSevereImmuneEvent">A new grade >= 3 immune-related adverse event began in the cycle.</param>
public sealed record CycleSafetyOutcome(double MinimumAnc, bool NewSevereImmuneEvent);

/// <summary>
/// The per-cycle cost c_t that the constrained agent accumulates (contract version <see cref="SafetyContract.Version"/>).
/// </summary>
[PluginContract("safety", SafetyContract.Version)]
public interface IConstraintCost
{
    /// <summary>Short, stable name shown in logs and reports.</summary>
    string Name { get; }

    /// <summary>Non-negative cost of one cycle.</summary>
    double Cost(CycleSafetyOutcome outcome);
}
