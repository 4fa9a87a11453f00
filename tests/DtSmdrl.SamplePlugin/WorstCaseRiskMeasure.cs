using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.SamplePlugin;

/// <summary>A sample external safety plugin: the worst sampled cost (CVaR as alpha tends to 1).</summary>
public sealed class WorstCaseRiskMeasure : IRiskMeasure
{
    /// <inheritdoc/>
    public string Name => "worst-case";

    /// <inheritdoc/>
    public double Measure(RiskSample sample)
    {
        if (sample.Costs.Count == 0)
            throw new ArgumentException("RiskSample.Costs is empty.");
        return sample.Costs.Max();
    }
}
