using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.SamplePlugin;

/// <summary>
/// A sample external shield that allows only hold: an agent behind it never treats, whatever its policy prefers. The
/// tests use it to show that a folder plugin named by the configuration replaces the built-in shield on the agent's path.
/// </summary>
public sealed class HoldOnlyShield : IActionShield
{
    /// <inheritdoc/>
    public string Name => "hold-only";

    /// <inheritdoc/>
    public ShieldDecision Shield(ShieldRequest request)
    {
        var probabilities = request.ResolveProbabilities();
        var allowed = request.Actions.Select((_, a) => a == SafetyContract.HoldAction).ToArray();
        // Every action the environment allowed, other than hold, is removed.
        var masked = Enumerable.Range(0, request.Actions.Count).Count(a => a != SafetyContract.HoldAction && (request.Allowed?[a] ?? true));
        return new ShieldDecision(Name, allowed, probabilities, masked, FellBackToHold: false);
    }
}
