namespace DtSmdrl.Plugins.Contracts.Safety;

/// <summary>
/// A sample of costs (larger is worse), e.g. the episode costs of one patient's twin posterior samples.
/// </summary>
/// <param name="Costs">The sampled costs, equally weighted.</param>
/// <param name="Level">Risk level alpha in [0, 1) for tail measures such as CVaR_alpha (measures without a level ignore it).</param>
/// <param name="Groups">Optional group id per cost (e.g. the patient): the measure is then taken within each group
/// and averaged over groups with equal weight. Null: one group.</param>
public sealed record RiskSample(IReadOnlyList<double> Costs, double Level = 0.9, IReadOnlyList<int>? Groups = null);

/// <summary>
/// A risk measure of a cost distribution (contract version <see cref="SafetyContract.Version"/>): the
/// statistic a cost constraint J_c &lt;= limit is placed on.
/// </summary>
[PluginContract("safety", SafetyContract.Version)]
public interface IRiskMeasure
{
    /// <summary>Short, stable name shown in logs and reports, e.g. "cvar".</summary>
    string Name { get; }

    /// <summary>The measure of the sample; throws <see cref="ArgumentException"/> on an empty sample or a bad level.</summary>
    double Measure(RiskSample sample);
}
