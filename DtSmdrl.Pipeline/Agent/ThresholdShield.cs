namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Masks every action whose predicted severe-toxicity probability is above a threshold. A missing (NaN)
/// prediction counts as unsafe. If every action is unsafe, only hold (action 0) remains and the result says so.
/// </summary>
public sealed class ThresholdShield : ISafetyShield
{
    /// <summary>Creates a shield with a probability threshold in [0, 1].</summary>
    public ThresholdShield(double threshold)
    {
        if (!(threshold is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The severe-toxicity probability threshold must be in [0, 1].");
        Threshold = threshold;
    }

    /// <summary>Actions with a predicted probability strictly above this are masked.</summary>
    public double Threshold { get; }

    /// <inheritdoc />
    public string Name => $"threshold({Threshold:0.###})";

    /// <inheritdoc />
    public ShieldResult Mask(in ShieldContext context, Span<bool> actionMask)
    {
        var risk = context.SevereToxicityProbability;
        if (risk.Length != actionMask.Length)
            throw new ArgumentException($"{Name}: got {risk.Length} severe-toxicity probabilities for {actionMask.Length} actions.", nameof(context));
        var masked = 0;
        for (var a = 0; a < actionMask.Length; a++)
        {
            if (actionMask[a] && !(risk[a] <= Threshold))
            {
                actionMask[a] = false;
                masked++;
            }
        }
        return ShieldResult.Finish(actionMask, masked);
    }
}
