namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>Spearman rank correlation with tied values given their average rank.</summary>
public static class RankCorrelation
{
    /// <summary>
    /// Ranks 1..n of the values in increasing order; tied values all get the mean of the ranks they span
    /// (e.g. [10, 20, 20, 30] -> [1, 2.5, 2.5, 4]).
    /// </summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        OutcomeChecks.RequireFiniteSample(values, nameof(AverageRanks));
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        var start = 0;
        while (start < order.Length)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]]) end++;
            var averageRank = (start + end) / 2.0 + 1.0;
            for (var i = start; i <= end; i++) ranks[order[i]] = averageRank;
            start = end + 1;
        }
        return ranks;
    }

    /// <summary>
    /// Spearman's rho: the Pearson correlation of the average ranks of x and y (exact with ties, unlike the
    /// 1 - 6 sum d^2 / (n (n^2 - 1)) shortcut). NaN when either variable is constant (its ranks have no spread).
    /// </summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
            throw new ArgumentException($"Spearman: x has {x.Count} values but y has {y.Count}.");
        if (x.Count < 2)
            throw new ArgumentException("Spearman needs at least two pairs.", nameof(x));
        return Pearson(AverageRanks(x), AverageRanks(y));
    }

    private static double Pearson(double[] x, double[] y)
    {
        var meanX = x.Average();
        var meanY = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Length; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }
}
