using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Conditional value at risk of a cost (upper tail: larger is worse), CVaR_alpha = the mean of the worst
/// (1 - alpha) share of the probability mass (Rockafellar and Uryasev 2000), for the agent's spans and per-group
/// constraint; the tail mean itself is <see cref="RiskMeasures.UpperCvar(IReadOnlyList{double}, double)"/>.
/// alpha = 0 gives the mean; as alpha approaches 1 it tends to the maximum.
/// </summary>
public static class Cvar
{
    /// <summary>CVaR_alpha of the sample (alpha in [0, 1)).</summary>
    public static double Compute(ReadOnlySpan<double> costs, double alpha)
    {
        if (costs.IsEmpty)
            throw new ArgumentException("CVaR needs at least one value.", nameof(costs));
        // One implementation of the tail mean for the constraint, the safety plugins and the study's risk score.
        return RiskMeasures.UpperCvar(costs.ToArray(), alpha);
    }

    /// <summary>
    /// CVaR_alpha taken within each group (e.g. the episodes run on one patient's twin posterior samples),
    /// then averaged over groups with equal weight per group.
    /// </summary>
    public static double GroupedMean(ReadOnlySpan<double> costs, ReadOnlySpan<int> groups, double alpha)
    {
        if (costs.Length != groups.Length)
            throw new ArgumentException($"Got {costs.Length} costs but {groups.Length} group ids.", nameof(groups));
        var byGroup = new SortedDictionary<int, List<double>>();
        for (var i = 0; i < costs.Length; i++)
        {
            if (!byGroup.TryGetValue(groups[i], out var list))
                byGroup[groups[i]] = list = [];
            list.Add(costs[i]);
        }
        if (byGroup.Count == 0)
            throw new ArgumentException("CVaR needs at least one value.", nameof(costs));
        double total = 0;
        foreach (var list in byGroup.Values)
            total += Compute(list.ToArray(), alpha);
        return total / byGroup.Count;
    }
}
