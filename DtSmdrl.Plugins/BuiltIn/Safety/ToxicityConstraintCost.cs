using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.Plugins.BuiltIn.Safety;

/// <summary>
/// The twin environment's toxicity cost: grade 4 neutropenia (ANC &lt; 0.5) 1, a new grade >= 3 immune-related
/// event 1. Delegates to <see cref="NsclcRewardOptions.Cost"/> with its default weights. Safety contract version 1's
/// <see cref="CycleSafetyOutcome"/> has no targeted-therapy event flag, so the twin's grade >= 3 TKI events are
/// not part of this plugin's cost until the contract carries them.
/// </summary>
public sealed class ToxicityConstraintCost : IConstraintCost
{
    private readonly NsclcRewardOptions weights;

    /// <summary>The environment's default weights (the constructor discovery uses).</summary>
    public ToxicityConstraintCost() : this(new NsclcRewardOptions()) { }

    /// <summary>Custom weights.</summary>
    public ToxicityConstraintCost(NsclcRewardOptions weights) => this.weights = weights ?? throw new ArgumentNullException(nameof(weights));

    /// <inheritdoc/>
    public string Name => "toxicity";

    /// <inheritdoc/>
    public double Cost(CycleSafetyOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (!(outcome.MinimumAnc >= 0))
            throw new ArgumentException($"CycleSafetyOutcome.MinimumAnc is {outcome.MinimumAnc}; it must be a count >= 0 (10^9/L).");
        return weights.Cost(outcome.MinimumAnc, outcome.NewSevereImmuneEvent, newTargetedEvent: false);
    }
}
