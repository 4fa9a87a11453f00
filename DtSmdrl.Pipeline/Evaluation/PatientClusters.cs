namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Groups several seeds' outcome lists by patient, so a bootstrap resample can carry each patient's records
/// from every seed together.
/// </summary>
internal static class PatientClusters
{
    /// <summary>
    /// One array per patient, in the order of the first seed's list, holding that patient's record from each seed.
    /// Every seed must list the same patients, each once.
    /// </summary>
    public static PatientOutcome[][] Build(IReadOnlyList<IReadOnlyList<PatientOutcome>> outcomesPerSeed)
    {
        ArgumentNullException.ThrowIfNull(outcomesPerSeed);
        if (outcomesPerSeed.Count == 0)
            throw new ArgumentException("No seeds: the list of outcome lists is empty.", nameof(outcomesPerSeed));

        var first = outcomesPerSeed[0];
        OutcomeChecks.RequireValid(first, "seed 0");
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < first.Count; i++)
            if (!position.TryAdd(first[i].PatientId, i))
                throw new ArgumentException($"Seed 0 lists patient '{first[i].PatientId}' more than once.", nameof(outcomesPerSeed));

        var clusters = new PatientOutcome[first.Count][];
        for (var i = 0; i < first.Count; i++) clusters[i] = new PatientOutcome[outcomesPerSeed.Count];
        for (var s = 0; s < outcomesPerSeed.Count; s++)
        {
            var seedOutcomes = outcomesPerSeed[s];
            OutcomeChecks.RequireValid(seedOutcomes, $"seed {s}");
            if (seedOutcomes.Count != first.Count)
                throw new ArgumentException($"Seed {s} has {seedOutcomes.Count} patients but seed 0 has {first.Count}; every seed must cover the same test patients.", nameof(outcomesPerSeed));
            foreach (var outcome in seedOutcomes)
            {
                if (!position.TryGetValue(outcome.PatientId, out var index))
                    throw new ArgumentException($"Seed {s} lists patient '{outcome.PatientId}', which seed 0 does not.", nameof(outcomesPerSeed));
                if (clusters[index][s] is not null)
                    throw new ArgumentException($"Seed {s} lists patient '{outcome.PatientId}' more than once.", nameof(outcomesPerSeed));
                clusters[index][s] = outcome;
            }
        }
        return clusters;
    }

    /// <summary>The records of the chosen patients (repeats allowed), patient by patient, seeds in order.</summary>
    public static PatientOutcome[] Flatten(PatientOutcome[][] clusters, int[] patientIndices)
    {
        var seeds = clusters.Length == 0 ? 0 : clusters[0].Length;
        var result = new PatientOutcome[patientIndices.Length * seeds];
        var next = 0;
        foreach (var index in patientIndices)
            foreach (var outcome in clusters[index])
                result[next++] = outcome;
        return result;
    }
}
