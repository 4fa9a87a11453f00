using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.Plugins.BuiltIn.Safety;

/// <summary>
/// The agent's twin-forecast shield as a plugin: masks every action whose predicted severe-toxicity
/// probability is above the threshold (a missing prediction counts as unsafe), falling back to hold.
/// Delegates to <see cref="ThresholdShield"/>.
/// </summary>
public sealed class ThresholdActionShield : IActionShield
{
    /// <summary>The DT-SMDRL arm's default threshold (DtSmdrlArmOptions.ShieldThreshold).</summary>
    public const double DefaultThreshold = 0.3;

    private readonly ThresholdShield shield;

    /// <summary>A shield at <see cref="DefaultThreshold"/> (the constructor discovery uses).</summary>
    public ThresholdActionShield() : this(DefaultThreshold) { }

    /// <summary>A shield at a threshold in [0, 1].</summary>
    public ThresholdActionShield(double threshold) => shield = new ThresholdShield(threshold);

    /// <summary>Actions with a predicted probability strictly above this are masked.</summary>
    public double Threshold => shield.Threshold;

    /// <inheritdoc/>
    public string Name => "threshold";

    /// <inheritdoc/>
    public ShieldDecision Shield(ShieldRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var probabilities = request.ResolveProbabilities();
        var mask = request.Allowed?.ToArray() ?? Enumerable.Repeat(true, request.Actions.Count).ToArray();
        var result = shield.Mask(new ShieldContext(ReadOnlySpan<float>.Empty, probabilities), mask);
        return new ShieldDecision($"{Name}({Threshold:0.###})", mask, probabilities, result.MaskedByShield, result.AllMasked);
    }
}
