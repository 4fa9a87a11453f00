namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// A statistic of finished episodes' costs that the Lagrangian constrains, in place of the built-in mean or grouped CVaR
/// (<see cref="PpoOptions.CostMeasure"/>), e.g. a safety plugin's risk measure resolved from the registry
/// (DtSmdrl.Plugins/Adapters/AgentRiskMeasure). Plain spans only, so a plugin contract can sit behind it. It must be
/// deterministic and safe to call from several threads at once.
/// </summary>
public interface IEpisodeCostMeasure
{
    /// <summary>A short name for logs and reports.</summary>
    string Name { get; }

    /// <summary>
    /// The statistic of <paramref name="costs"/> (one per finished episode, at least one), with <paramref name="groups"/> the
    /// group of each episode (e.g. the patient whose twin it ran on) and <paramref name="alpha"/> the risk level
    /// (<see cref="PpoOptions.CvarAlpha"/>).
    /// </summary>
    double Measure(ReadOnlySpan<double> costs, ReadOnlySpan<int> groups, double alpha);
}
