namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Nonparametric bootstrap over patients with a 95% percentile interval (metrics.md, "The evaluation protocol":
/// 1,000 patient resamples).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Resampling: each resample draws n patients with replacement, index = <see cref="Random.Next(int)"/> of a
/// <see cref="Random"/> seeded with <c>seed</c>, n draws per resample, resamples in order. The same seed and the
/// same patient count give the same resamples on every run and for every metric, so all metrics of a table row
/// and both arms of a paired comparison see identical resamples.</item>
/// <item>Interval: the 2.5th and 97.5th percentiles of the replicates with linear interpolation between order
/// statistics (R's type 7, numpy's default): with the m sorted replicates and h = (m - 1) q, the value is
/// r[floor h] + (h - floor h) (r[floor h + 1] - r[floor h]).</item>
/// <item>Undefined replicates: a replicate that is NaN (e.g. precision of a resample with no predicted
/// responder) is left out and <see cref="BootstrapInterval.ValidResamples"/> says how many remained; with none
/// the bounds are NaN. A metric that can be "not reached" (a Kaplan-Meier median) should return +infinity
/// inside the bootstrap, so such resamples sort above every finite value instead of being dropped.</item>
/// <item>Several training seeds: <see cref="Interval(IReadOnlyList{IReadOnlyList{PatientOutcome}}, Func{IReadOnlyList{PatientOutcome}, double}, int, int)"/>
/// pools the seeds' records (for a mean-type metric that is the mean over seeds) and resamples patients with
/// all their seeds' records together, so the interval reflects patient-to-patient variation.</item>
/// </list>
/// </remarks>
public static class Bootstrap
{
    /// <summary>Resamples used by the study (metrics.md).</summary>
    public const int DefaultResamples = 1000;

    /// <summary>Lower percentile of the 95% interval.</summary>
    public const double LowerQuantile = 0.025;

    /// <summary>Upper percentile of the 95% interval.</summary>
    public const double UpperQuantile = 0.975;

    /// <summary>The metric on <paramref name="outcomes"/> with its 95% bootstrap percentile interval over patients.</summary>
    public static BootstrapInterval Interval(
        IReadOnlyList<PatientOutcome> outcomes,
        Func<IReadOnlyList<PatientOutcome>, double> metric,
        int resamples = DefaultResamples,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return Interval([outcomes], metric, resamples, seed);
    }

    /// <summary>
    /// The metric on the pooled records of several training seeds (each list holds one seed's outcomes on the
    /// same test patients) with a 95% interval from resampling patients.
    /// </summary>
    public static BootstrapInterval Interval(
        IReadOnlyList<IReadOnlyList<PatientOutcome>> outcomesPerSeed,
        Func<IReadOnlyList<PatientOutcome>, double> metric,
        int resamples = DefaultResamples,
        int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(metric);
        var clusters = PatientClusters.Build(outcomesPerSeed);
        CheckResamples(resamples);

        var all = PatientClusters.Flatten(clusters, Identity(clusters.Length));
        var estimate = metric(all);
        var replicates = new List<double>(resamples);
        var buffer = new PatientOutcome[all.Length];
        using (OutcomeChecks.AlreadyValidated())
            foreach (var indices in ResampleIndices(clusters.Length, resamples, seed))
            {
                var value = metric(PatientClusters.FlattenInto(clusters, indices, buffer));
                if (!double.IsNaN(value)) replicates.Add(value);
            }
        return Summarise(estimate, replicates, resamples);
    }

    /// <summary>
    /// A metric of the table with its interval: by patient sums when it is defined per patient
    /// (<see cref="MetricDefinition.PerPatient"/>; the same resamples, two numbers per patient), else record by record.
    /// The estimate is always <see cref="MetricDefinition.ComputeForBootstrap"/> on all records.
    /// </summary>
    public static BootstrapInterval Interval(IReadOnlyList<IReadOnlyList<PatientOutcome>> outcomesPerSeed, MetricDefinition definition,
        int resamples = DefaultResamples, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (definition.PerPatient is null) return Interval(outcomesPerSeed, definition.ComputeForBootstrap, resamples, seed);
        var clusters = PatientClusters.Build(outcomesPerSeed);
        CheckResamples(resamples);
        var estimate = definition.ComputeForBootstrap(PatientClusters.Flatten(clusters, Identity(clusters.Length)));
        var parts = PatientSumsOf.Of(clusters, definition.PerPatient);
        var replicates = new List<double>(resamples);
        foreach (var indices in ResampleIndices(clusters.Length, resamples, seed))
        {
            var value = PatientSumsOf.Ratio(parts, indices);
            if (!double.IsNaN(value)) replicates.Add(value);
        }
        return Summarise(estimate, replicates, resamples);
    }

    /// <summary>
    /// The resamples of n patients: <paramref name="resamples"/> arrays of n indices drawn with replacement,
    /// deterministic for a given seed (see the class remarks).
    /// </summary>
    public static IEnumerable<int[]> ResampleIndices(int n, int resamples, int seed)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "Bootstrap needs at least one patient.");
        CheckResamples(resamples);
        return Generate(n, resamples, seed);

        static IEnumerable<int[]> Generate(int n, int resamples, int seed)
        {
            var random = new Random(seed);
            for (var r = 0; r < resamples; r++)
            {
                var indices = new int[n];
                for (var i = 0; i < n; i++) indices[i] = random.Next(n);
                yield return indices;
            }
        }
    }

    /// <summary>
    /// Quantile q in [0, 1] of values already sorted ascending (may hold +/- infinity, no NaN), by linear
    /// interpolation between order statistics (type 7). NaN for an empty list.
    /// </summary>
    public static double Quantile(IReadOnlyList<double> sortedValues, double q)
    {
        ArgumentNullException.ThrowIfNull(sortedValues);
        if (!(q >= 0.0 && q <= 1.0)) throw new ArgumentOutOfRangeException(nameof(q), q, "Quantile must be in [0, 1].");
        if (sortedValues.Count == 0) return double.NaN;
        var h = (sortedValues.Count - 1) * q;
        var below = (int)Math.Floor(h);
        var fraction = h - below;
        if (fraction == 0.0 || below + 1 >= sortedValues.Count) return sortedValues[below];
        var low = sortedValues[below];
        var high = sortedValues[below + 1];
        if (low == high) return low;
        if (double.IsInfinity(low)) return low;
        if (double.IsInfinity(high)) return high;
        return low + fraction * (high - low);
    }

    /// <summary>Builds the interval from a point estimate and the defined (non-NaN) replicates.</summary>
    internal static BootstrapInterval Summarise(double estimate, List<double> replicates, int resamples)
    {
        replicates.Sort();
        return new BootstrapInterval(
            estimate,
            Quantile(replicates, LowerQuantile),
            Quantile(replicates, UpperQuantile),
            resamples,
            replicates.Count);
    }

    internal static void CheckResamples(int resamples)
    {
        if (resamples < 1) throw new ArgumentOutOfRangeException(nameof(resamples), resamples, "Bootstrap needs at least one resample.");
    }

    internal static int[] Identity(int n) => Enumerable.Range(0, n).ToArray();
}
