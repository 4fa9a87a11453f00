namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>A metric's difference between two methods on the same patients, with a paired bootstrap interval.</summary>
/// <param name="EstimateA">The metric for method A on all patients.</param>
/// <param name="EstimateB">The metric for method B on all patients.</param>
/// <param name="Difference">A - B, with the 95% percentile interval of the paired replicates.</param>
/// <param name="ShareAtOrBelowZero">Share of the defined replicates with A - B &lt;= 0 (a one-sided bootstrap
/// measure of how often A fails to beat B); NaN when no replicate was defined.</param>
public sealed record PairedDifference(double EstimateA, double EstimateB, BootstrapInterval Difference, double ShareAtOrBelowZero);

/// <summary>
/// Paired comparison of two methods evaluated on the same test patients with common random numbers
/// (metrics.md, "The evaluation protocol"): each bootstrap resample draws patients once and evaluates
/// both methods on exactly those patients, so patient-to-patient variation shared by both cancels.
/// </summary>
/// <remarks>
/// Resamples follow <see cref="Bootstrap"/> (same seed, same indices); method B's records are matched to method
/// A's by patient id, so their list order does not matter, but both must cover the same patients. A replicate
/// where either metric is NaN is left out; +infinity - +infinity (both "not reached") also gives NaN and is left
/// out.
/// </remarks>
public static class PairedComparison
{
    /// <summary>Difference metric(A) - metric(B) over the same patients, one outcome list (one seed) per method.</summary>
    public static PairedDifference Compare(
        IReadOnlyList<PatientOutcome> methodA,
        IReadOnlyList<PatientOutcome> methodB,
        Func<IReadOnlyList<PatientOutcome>, double> metric,
        int resamples = Bootstrap.DefaultResamples,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(methodA);
        ArgumentNullException.ThrowIfNull(methodB);
        return Compare([methodA], [methodB], metric, resamples, seed);
    }

    /// <summary>
    /// Difference metric(A) - metric(B) where each method may have several training seeds (each pooled as in
    /// <see cref="Bootstrap"/>); the seed counts may differ, the patients may not.
    /// </summary>
    public static PairedDifference Compare(
        IReadOnlyList<IReadOnlyList<PatientOutcome>> methodAPerSeed,
        IReadOnlyList<IReadOnlyList<PatientOutcome>> methodBPerSeed,
        Func<IReadOnlyList<PatientOutcome>, double> metric,
        int resamples = Bootstrap.DefaultResamples,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        Bootstrap.CheckResamples(resamples);
        var clustersA = PatientClusters.Build(methodAPerSeed);
        var clustersB = AlignTo(clustersA, PatientClusters.Build(methodBPerSeed));

        var all = Bootstrap.Identity(clustersA.Length);
        var allA = PatientClusters.Flatten(clustersA, all);
        var allB = PatientClusters.Flatten(clustersB, all);
        var estimateA = metric(allA);
        var estimateB = metric(allB);

        var replicates = new List<double>(resamples);
        var bufferA = new PatientOutcome[allA.Length];
        var bufferB = new PatientOutcome[allB.Length];
        using (OutcomeChecks.AlreadyValidated())
            foreach (var indices in Bootstrap.ResampleIndices(clustersA.Length, resamples, seed))
            {
                var difference = metric(PatientClusters.FlattenInto(clustersA, indices, bufferA)) - metric(PatientClusters.FlattenInto(clustersB, indices, bufferB));
                if (!double.IsNaN(difference)) replicates.Add(difference);
            }
        var atOrBelowZero = replicates.Count == 0 ? double.NaN : replicates.Count(d => d <= 0.0) / (double)replicates.Count;
        return new PairedDifference(estimateA, estimateB, Bootstrap.Summarise(estimateA - estimateB, replicates, resamples), atOrBelowZero);
    }

    /// <summary>
    /// Difference of a metrics-table metric between two arms; a metric defined per patient is resampled by patient sums
    /// (<see cref="MetricDefinition.PerPatient"/>), with the same resamples and estimate as the record-by-record path.
    /// </summary>
    public static PairedDifference Compare(
        IReadOnlyList<IReadOnlyList<PatientOutcome>> methodAPerSeed,
        IReadOnlyList<IReadOnlyList<PatientOutcome>> methodBPerSeed,
        MetricDefinition definition,
        int resamples = Bootstrap.DefaultResamples,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.PerPatient is null) return Compare(methodAPerSeed, methodBPerSeed, definition.ComputeForBootstrap, resamples, seed);
        Bootstrap.CheckResamples(resamples);
        var clustersA = PatientClusters.Build(methodAPerSeed);
        var clustersB = AlignTo(clustersA, PatientClusters.Build(methodBPerSeed));
        var all = Bootstrap.Identity(clustersA.Length);
        var estimateA = definition.ComputeForBootstrap(PatientClusters.Flatten(clustersA, all));
        var estimateB = definition.ComputeForBootstrap(PatientClusters.Flatten(clustersB, all));
        var partsA = PatientSumsOf.Of(clustersA, definition.PerPatient);
        var partsB = PatientSumsOf.Of(clustersB, definition.PerPatient);
        var replicates = new List<double>(resamples);
        foreach (var indices in Bootstrap.ResampleIndices(clustersA.Length, resamples, seed))
        {
            var difference = PatientSumsOf.Ratio(partsA, indices) - PatientSumsOf.Ratio(partsB, indices);
            if (!double.IsNaN(difference)) replicates.Add(difference);
        }
        var atOrBelowZero = replicates.Count == 0 ? double.NaN : replicates.Count(d => d <= 0.0) / (double)replicates.Count;
        return new PairedDifference(estimateA, estimateB, Bootstrap.Summarise(estimateA - estimateB, replicates, resamples), atOrBelowZero);
    }

    private static PatientOutcome[][] AlignTo(PatientOutcome[][] reference, PatientOutcome[][] other)
    {
        if (reference.Length != other.Length)
            throw new ArgumentException($"Paired comparison: method A has {reference.Length} patients but method B has {other.Length}; both must be evaluated on the same patients.");
        var byId = other.ToDictionary(cluster => cluster[0].PatientId, StringComparer.Ordinal);
        var aligned = new PatientOutcome[reference.Length][];
        for (var i = 0; i < reference.Length; i++)
        {
            var id = reference[i][0].PatientId;
            if (!byId.TryGetValue(id, out var cluster))
                throw new ArgumentException($"Paired comparison: patient '{id}' has an outcome for method A but not for method B.");
            aligned[i] = cluster;
        }
        return aligned;
    }
}
