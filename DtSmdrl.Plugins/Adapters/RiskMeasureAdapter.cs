using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.Plugins.Adapters;

/// <summary>
/// A safety plugin's risk measure (<see cref="IRiskMeasure"/>) as the statistic the agent's Lagrangian constrains
/// (<see cref="IEpisodeCostMeasure"/>): the finished episodes' costs, their groups and the level become a
/// <see cref="RiskSample"/>.
/// </summary>
public sealed class RiskMeasureAdapter(IRiskMeasure plugin) : IEpisodeCostMeasure
{
    /// <summary>The plugin behind the adapter.</summary>
    public IRiskMeasure Plugin => plugin;

    public string Name => plugin.Name;

    public double Measure(ReadOnlySpan<double> costs, ReadOnlySpan<int> groups, double alpha) =>
        plugin.Measure(new RiskSample(costs.ToArray(), alpha, groups.ToArray()));
}
