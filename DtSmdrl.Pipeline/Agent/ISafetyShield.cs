namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// A decision-time safety shield: given what the caller knows about one patient's next decision, it removes
/// unsafe actions from the action mask. Implementations only clear entries (never allow an action the
/// environment forbade). When nothing safe is left they must allow only <see cref="ShieldResult.HoldAction"/>
/// and say so in the result (<see cref="ShieldResult.Finish"/> does both).
/// The contract uses plain spans only, no TorchSharp types, so it can move into the plugin contracts assembly.
/// </summary>
public interface ISafetyShield
{
    /// <summary>A short name for logs and reports.</summary>
    string Name { get; }

    /// <summary>Clears the mask entries of unsafe actions for one decision and reports what it did.</summary>
    ShieldResult Mask(in ShieldContext context, Span<bool> actionMask);
}

/// <summary>What a shield may look at for one decision: plain read-only spans, all optional except the action count.</summary>
/// <param name="Observation">The agent's raw observation (may be empty).</param>
/// <param name="SevereToxicityProbability">
/// Per action, the predicted probability of a severe toxicity event, computed by the caller (e.g. the share of
/// twin posterior samples with a severe event under that action); empty when not available.
/// </param>
public readonly ref struct ShieldContext(ReadOnlySpan<float> Observation, ReadOnlySpan<double> SevereToxicityProbability)
{
    /// <summary>The agent's raw observation.</summary>
    public ReadOnlySpan<float> Observation { get; } = Observation;

    /// <summary>Predicted severe-toxicity probability per action.</summary>
    public ReadOnlySpan<double> SevereToxicityProbability { get; } = SevereToxicityProbability;
}
