namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Groups several seeds' outcome lists by patient, so a bootstrap resample carries each patient's records from every
/// seed and every replicate together (metrics.md: "replicates kept together").
/// </summary>
internal static class PatientClusters
{
    /// <summary>
    /// One array per patient, in the order of first appearance in the first seed's list, holding that patient's
    /// records: seed 0's replicates in list order, then seed 1's, and so on. Every seed must list the same patients,
    /// each with the same number of replicates (distinct <see cref="PatientOutcome.Replicate"/> values).
    /// </summary>
    public static PatientOutcome[][] Build(IReadOnlyList<IReadOnlyList<PatientOutcome>> outcomesPerSeed)
    {
        ArgumentNullException.ThrowIfNull(outcomesPerSeed);
        if (outcomesPerSeed.Count == 0)
            throw new ArgumentException("No seeds: the list of outcome lists is empty.", nameof(outcomesPerSeed));

        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        var records = new List<List<PatientOutcome>>();
        var replicates = -1;
        for (var s = 0; s < outcomesPerSeed.Count; s++)
        {
            var seedOutcomes = outcomesPerSeed[s];
            OutcomeChecks.RequireValid(seedOutcomes, $"seed {s}");
            var seen = new HashSet<(string, int)>();
            var counts = new int[records.Count];
            foreach (var outcome in seedOutcomes)
            {
                if (!seen.Add((outcome.PatientId, outcome.Replicate)))
                    throw new ArgumentException($"Seed {s} lists patient '{outcome.PatientId}' replicate {outcome.Replicate} more than once.", nameof(outcomesPerSeed));
                if (!position.TryGetValue(outcome.PatientId, out var index))
                {
                    if (s > 0)
                        throw new ArgumentException($"Seed {s} lists patient '{outcome.PatientId}', which seed 0 does not.", nameof(outcomesPerSeed));
                    index = records.Count;
                    position[outcome.PatientId] = index;
                    records.Add([]);
                    Array.Resize(ref counts, records.Count);
                }
                records[index].Add(outcome);
                counts[index]++;
            }
            for (var i = 0; i < counts.Length; i++)
            {
                if (replicates < 0) replicates = counts[i];
                if (counts[i] != replicates)
                    throw new ArgumentException(
                        $"Seed {s} has {counts[i]} records of patient '{records[i][0].PatientId}' but {replicates} of others; every seed must cover every test patient with the same replicates.",
                        nameof(outcomesPerSeed));
            }
        }
        return records.Select(r => r.ToArray()).ToArray();
    }

    /// <summary>Records per patient per seed (the replicates) of clusters built from <paramref name="seeds"/> seeds.</summary>
    public static int Replicates(PatientOutcome[][] clusters, int seeds) => clusters.Length == 0 ? 0 : clusters[0].Length / seeds;

    /// <summary>The records of the chosen patients (repeats allowed), patient by patient, seeds in order.</summary>
    public static PatientOutcome[] Flatten(PatientOutcome[][] clusters, int[] patientIndices)
    {
        var perPatient = clusters.Length == 0 ? 0 : clusters[0].Length;
        var result = new PatientOutcome[patientIndices.Length * perPatient];
        FlattenInto(clusters, patientIndices, result);
        return result;
    }

    /// <summary>
    /// <see cref="Flatten"/> into a buffer of the right length, reused across resamples: a full-profile arm has 40,000
    /// records, and a fresh array per metric and resample lands on the large-object heap.
    /// </summary>
    public static PatientOutcome[] FlattenInto(PatientOutcome[][] clusters, int[] patientIndices, PatientOutcome[] buffer)
    {
        var next = 0;
        foreach (var index in patientIndices)
            foreach (var outcome in clusters[index])
                buffer[next++] = outcome;
        return buffer;
    }
}
