namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Attribution metrics (metrics.md, "Learning metrics": attribution consistency and driver recovery).
/// </summary>
public static class AttributionMetrics
{
    /// <summary>
    /// Attribution consistency: mean over all pairs of seeds of the Spearman correlation (average ranks for
    /// ties) between their global biomarker importances. Every vector lists the same biomarkers in the same
    /// order. Pairs whose correlation is undefined (a constant vector) are left out; NaN when all are.
    /// </summary>
    public static double AttributionConsistency(IReadOnlyList<IReadOnlyList<double>> importancesPerSeed)
    {
        ArgumentNullException.ThrowIfNull(importancesPerSeed);
        if (importancesPerSeed.Count < 2)
            throw new ArgumentException("Attribution consistency needs importances from at least two seeds.", nameof(importancesPerSeed));
        double sum = 0;
        var pairs = 0;
        for (var a = 0; a < importancesPerSeed.Count; a++)
            for (var b = a + 1; b < importancesPerSeed.Count; b++)
            {
                var rho = RankCorrelation.Spearman(importancesPerSeed[a], importancesPerSeed[b]);
                if (double.IsNaN(rho)) continue;
                sum += rho;
                pairs++;
            }
        return pairs == 0 ? double.NaN : sum / pairs;
    }

    /// <summary>
    /// Driver recovery for one regimen: share of the generator's true driver biomarkers found among the top k
    /// attributions, k = number of true drivers + 2 (metrics.md). Biomarkers are ranked by importance, largest
    /// first; equal importances are broken by ordinal name order so the result is deterministic.
    /// </summary>
    /// <param name="importances">Global importance per biomarker name (larger = more important; pass |attribution| for signed scores).</param>
    /// <param name="trueDrivers">The generator's true drivers for this regimen; at least one, each present in <paramref name="importances"/>.</param>
    public static double DriverRecovery(IReadOnlyDictionary<string, double> importances, IReadOnlyCollection<string> trueDrivers)
    {
        ArgumentNullException.ThrowIfNull(importances);
        ArgumentNullException.ThrowIfNull(trueDrivers);
        foreach (var (name, importance) in importances)
            if (double.IsNaN(importance))
                throw new ArgumentException($"Driver recovery: importance of biomarker '{name}' is NaN.", nameof(importances));
        var ranked = importances
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Key)
            .ToArray();
        return DriverRecovery(ranked, trueDrivers);
    }

    /// <summary>
    /// Driver recovery from biomarker names already ranked most important first: share of
    /// <paramref name="trueDrivers"/> within the first (number of true drivers + 2) names.
    /// </summary>
    public static double DriverRecovery(IReadOnlyList<string> rankedBiomarkers, IReadOnlyCollection<string> trueDrivers)
    {
        ArgumentNullException.ThrowIfNull(rankedBiomarkers);
        ArgumentNullException.ThrowIfNull(trueDrivers);
        var drivers = new HashSet<string>(trueDrivers, StringComparer.Ordinal);
        if (drivers.Count == 0)
            throw new ArgumentException("Driver recovery needs at least one true driver.", nameof(trueDrivers));
        if (drivers.Count != trueDrivers.Count)
            throw new ArgumentException("Driver recovery: the list of true drivers repeats a name.", nameof(trueDrivers));
        var missing = drivers.Where(d => !rankedBiomarkers.Contains(d, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
            throw new ArgumentException($"Driver recovery: true driver(s) {string.Join(", ", missing)} not among the attributed biomarkers.", nameof(trueDrivers));
        if (rankedBiomarkers.Distinct(StringComparer.Ordinal).Count() != rankedBiomarkers.Count)
            throw new ArgumentException("Driver recovery: the ranked biomarker list repeats a name.", nameof(rankedBiomarkers));

        var k = drivers.Count + 2;
        var found = rankedBiomarkers.Take(k).Count(drivers.Contains);
        return found / (double)drivers.Count;
    }
}
