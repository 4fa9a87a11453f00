namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>Argument checks shared by the metric functions, so every metric fails the same clear way.</summary>
internal static class OutcomeChecks
{
    // Set while a bootstrap evaluates resamples of records it has already validated (PatientClusters.Build): checking
    // every record again in every metric of every resample was most of the bootstrap's time.
    [ThreadStatic]
    private static bool validatedRecords;

    /// <summary>
    /// Within the returned scope (on this thread), <see cref="RequireValid"/> skips the per-record checks: for lists made
    /// only of records validated before.
    /// </summary>
    public static ValidatedScope AlreadyValidated() => new();

    /// <summary>Throws when the list is null or empty, or when any record is invalid (see <see cref="PatientOutcome.Validate"/>).</summary>
    public static void RequireValid(IReadOnlyList<PatientOutcome> outcomes, string metric)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (outcomes.Count == 0)
            throw new ArgumentException($"{metric}: the list of patient outcomes is empty.", nameof(outcomes));
        if (validatedRecords) return;
        foreach (var outcome in outcomes)
        {
            if (outcome is null)
                throw new ArgumentException($"{metric}: the list of patient outcomes contains null.", nameof(outcomes));
            outcome.Validate();
        }
    }

    /// <summary>Throws when the sample is null, empty or holds a non-finite value.</summary>
    public static void RequireFiniteSample(IReadOnlyList<double> sample, string what)
    {
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Count == 0)
            throw new ArgumentException($"{what}: the sample is empty.", nameof(sample));
        for (var i = 0; i < sample.Count; i++)
            if (!double.IsFinite(sample[i]))
                throw new ArgumentException($"{what}: sample[{i}] = {sample[i]} is not finite.", nameof(sample));
    }

    /// <summary>The scope of <see cref="AlreadyValidated"/>; restores the previous state when disposed.</summary>
    public readonly struct ValidatedScope : IDisposable
    {
        private readonly bool previous;

        public ValidatedScope()
        {
            previous = validatedRecords;
            validatedRecords = true;
        }

        public void Dispose() => validatedRecords = previous;
    }
}
