namespace DtSmdrl.Pipeline.Agent;

/// <summary>
/// Conditional value at risk of a cost (upper tail: larger is worse) for an empirical sample with equal
/// weights. CVaR_alpha is the mean of the worst (1 - alpha) share of the probability mass:
/// <code>
/// CVaR_alpha(X) = min_t { t + E[(X - t)+] / (1 - alpha) }      (Rockafellar and Uryasev 2000)
/// </code>
/// For n equally likely values sorted from worst, with tail mass m = (1 - alpha) n and k = floor(m), the
/// minimum is attained at t = VaR and equals (x_1 + ... + x_k + (m - k) x_{k+1}) / m: the k worst values count
/// fully and the next one (the atom that straddles the quantile) counts with its fractional weight m - k.
/// alpha = 0 gives the mean; as alpha approaches 1 it tends to the maximum (m &lt; 1 gives the maximum).
/// </summary>
public static class Cvar
{
    /// <summary>CVaR_alpha of the sample (alpha in [0, 1)).</summary>
    public static double Compute(ReadOnlySpan<double> costs, double alpha)
    {
        if (costs.IsEmpty)
            throw new ArgumentException("CVaR needs at least one value.", nameof(costs));
        if (!(alpha >= 0 && alpha < 1))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "CVaR level alpha must be in [0, 1).");
        var sorted = costs.ToArray();
        Array.Sort(sorted);
        Array.Reverse(sorted);
        var tailMass = (1 - alpha) * sorted.Length;
        var whole = (int)Math.Floor(tailMass);
        double sum = 0;
        for (var i = 0; i < whole; i++)
            sum += sorted[i];
        var fraction = tailMass - whole;
        if (whole < sorted.Length && fraction > 0)
            sum += fraction * sorted[whole];
        return sum / tailMass;
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
