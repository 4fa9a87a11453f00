using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.Plugins.BuiltIn.Safety;

/// <summary>
/// CVaR_alpha of the costs (the mean of the worst 1 - alpha share, alpha = <see cref="RiskSample.Level"/>), taken
/// within each group and averaged over groups when groups are given. Delegates to <see cref="Cvar"/>.
/// </summary>
public sealed class CvarRiskMeasure : IRiskMeasure
{
    /// <inheritdoc/>
    public string Name => "cvar";

    /// <inheritdoc/>
    public double Measure(RiskSample sample) => RiskSampleMath.GroupedCvar(sample, sample.Level);
}

/// <summary>The expected cost (the mean, i.e. CVaR at level 0; the level is ignored). Delegates to <see cref="Cvar"/>.</summary>
public sealed class MeanRiskMeasure : IRiskMeasure
{
    /// <inheritdoc/>
    public string Name => "mean";

    /// <inheritdoc/>
    public double Measure(RiskSample sample) => RiskSampleMath.GroupedCvar(sample, 0);
}

/// <summary>Maps a <see cref="RiskSample"/> onto the agent's <see cref="Cvar"/> routines.</summary>
internal static class RiskSampleMath
{
    public static double GroupedCvar(RiskSample sample, double alpha)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var costs = sample.Costs.ToArray();
        if (costs.Length == 0)
            throw new ArgumentException("RiskSample.Costs is empty.");
        var bad = Array.FindIndex(costs, c => !double.IsFinite(c));
        if (bad >= 0)
            throw new ArgumentException($"RiskSample.Costs[{bad}] is {costs[bad]}; costs must be finite.");
        if (sample.Groups is null)
            return Cvar.Compute(costs, alpha);
        return Cvar.GroupedMean(costs, sample.Groups.ToArray(), alpha);
    }
}
