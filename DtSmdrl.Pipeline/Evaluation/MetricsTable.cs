namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>Settings of <see cref="MetricsTable"/>; the defaults are the study's.</summary>
public sealed record MetricsTableOptions
{
    /// <summary>Bootstrap resamples over patients (metrics.md: 1,000).</summary>
    public int Resamples { get; init; } = Bootstrap.DefaultResamples;

    /// <summary>Seed of the bootstrap resampling; the same seed gives every method the same resamples.</summary>
    public int Seed { get; init; } = 20_261_126;

    /// <summary>Horizon of the restricted mean PFS, days (metrics.md: day 364).</summary>
    public double RmstHorizonDays { get; init; } = PatientOutcome.DefaultFollowUpDays;
}

/// <summary>
/// Computes the study's metrics table (metrics.md, "Machine-readable output"): for one method, every metrics.csv
/// column with its 95% bootstrap interval over patients. Writing is done by <see cref="MetricsCsv"/> and
/// <see cref="MetricsMarkdown"/>.
/// </summary>
/// <remarks>
/// Each outcome is one (patient, replicate) record. With several training seeds, each seed's outcomes on the same test
/// patients are pooled and patients are resampled with all their seeds' and replicates' records (see
/// <see cref="Bootstrap"/>); n_replicates and n_seeds say how many were pooled.
/// All metrics of a row use the same resamples. The PFS median is NaN when not reached; inside the bootstrap it
/// counts as +infinity, so its upper bound is undefined (infinite) when many resamples do not reach it.
/// </remarks>
public static class MetricsTable
{
    /// <summary>The metric columns of metrics.csv in metrics.md's order; each is followed by _lo and _hi in the file.</summary>
    public static readonly IReadOnlyList<string> MetricColumns =
    [
        "decision_accuracy", "precision", "recall", "response_rate", "tumour_reduction_pct", "pfs_median_days",
        "pfs_rmst_days", "violation_rate", "safety_compliance", "cvar90_cost", "gain_captured", "mean_regret_days",
        "qtwist_days", "ece",
    ];

    /// <summary>The full metrics.csv header: method, each metric with _lo and _hi, then n_patients, n_replicates and n_seeds.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["method", .. MetricColumns.SelectMany(c => new[] { c, c + "_lo", c + "_hi" }), "n_patients", "n_replicates", "n_seeds"];

    /// <summary>The definitions behind <see cref="MetricColumns"/>, in the same order.</summary>
    public static IReadOnlyList<MetricDefinition> Definitions(MetricsTableOptions? options = null)
    {
        var horizon = (options ?? new MetricsTableOptions()).RmstHorizonDays;
        // Per patient: a mean (or ratio of sums) of per-patient quantities, so a paired difference per patient is defined.
        MetricDefinition PerPatient(string column, string heading, MetricKind kind, Func<IReadOnlyList<PatientOutcome>, double> compute, PatientSums sums) =>
            new(column, heading, kind, compute, compute, sums);
        MetricDefinition Pooled(string column, string heading, MetricKind kind, Func<IReadOnlyList<PatientOutcome>, double> compute) =>
            new(column, heading, kind, compute, compute);

        return
        [
            PerPatient("decision_accuracy", "Decision accuracy", MetricKind.Fraction, DecisionMetrics.DecisionAccuracy, PatientSumsOf.DecisionAccuracy),
            Pooled("precision", "Precision", MetricKind.Fraction, ResponsePrediction.Precision),
            Pooled("recall", "Recall", MetricKind.Fraction, ResponsePrediction.Recall),
            PerPatient("response_rate", "Response rate", MetricKind.Fraction, ClinicalMetrics.ResponseRate,
                PatientSumsOf.Mean(o => o.BestOverallResponse.IsObjectiveResponse() ? 1 : 0)),
            PerPatient("tumour_reduction_pct", "Tumour reduction", MetricKind.Percent, ClinicalMetrics.MeanTumourReductionPct,
                PatientSumsOf.Mean(o => 100.0 * (o.BaselineSldMm - o.NadirSldMm) / o.BaselineSldMm)),
            new("pfs_median_days", "PFS median", MetricKind.Days, o => ProgressionFreeSurvival.MedianDays(o), MedianOrInfinity),
            Pooled("pfs_rmst_days", $"PFS RMST ({horizon.ToString(System.Globalization.CultureInfo.InvariantCulture)} d)", MetricKind.Days,
                o => ProgressionFreeSurvival.RestrictedMeanDays(o, horizon)),
            PerPatient("violation_rate", "Violation rate", MetricKind.Fraction, ClinicalMetrics.ViolationRate,
                PatientSumsOf.Mean(o => o.HadSevereToxicity ? 1 : 0)),
            PerPatient("safety_compliance", "Safety compliance", MetricKind.Fraction, ClinicalMetrics.SafetyCompliance,
                PatientSumsOf.Mean(o => o.HadSevereToxicity ? 0 : 1)),
            Pooled("cvar90_cost", "CVaR0.9 cost", MetricKind.Score, ClinicalMetrics.Cvar90Cost),
            PerPatient("gain_captured", "Gain captured", MetricKind.Fraction, DecisionMetrics.GainCaptured, PatientSumsOf.GainCaptured),
            PerPatient("mean_regret_days", "Mean regret", MetricKind.Days, DecisionMetrics.MeanRegretDays, PatientSumsOf.Mean(o => o.PerfectValue - o.Value)),
            PerPatient("qtwist_days", "Q-TWiST", MetricKind.Days, DecisionMetrics.MeanValueDays, PatientSumsOf.Mean(o => o.Value)),
            Pooled("ece", "ECE", MetricKind.Score, o => Calibration.ExpectedCalibrationError(o)),
        ];
    }

    /// <summary>All metrics for a method evaluated once (one seed, or a deterministic method).</summary>
    public static MethodMetrics Compute(string method, IReadOnlyList<PatientOutcome> outcomes, MetricsTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        return Compute(method, [outcomes], options);
    }

    /// <summary>All metrics for a method trained with several seeds: one outcome list per seed, same test patients in each.</summary>
    public static MethodMetrics Compute(string method, IReadOnlyList<IReadOnlyList<PatientOutcome>> outcomesPerSeed, MetricsTableOptions? options = null)
    {
        if (string.IsNullOrWhiteSpace(method))
            throw new ArgumentException("Metrics table: the method name is empty.", nameof(method));
        ArgumentNullException.ThrowIfNull(outcomesPerSeed);
        options ??= new MetricsTableOptions();
        var clusters = PatientClusters.Build(outcomesPerSeed);

        var values = Definitions(options)
            .Select(definition =>
            {
                var bootstrap = Bootstrap.Interval(outcomesPerSeed, definition, options.Resamples, options.Seed);
                var estimate = definition.Compute(outcomesPerSeed.SelectMany(s => s).ToArray());
                return new MetricValue(definition, bootstrap with { Estimate = estimate });
            })
            .ToArray();
        return new MethodMetrics(method, values, clusters.Length, outcomesPerSeed.Count)
        {
            ReplicateCount = PatientClusters.Replicates(clusters, outcomesPerSeed.Count),
        };
    }

    private static double MedianOrInfinity(IReadOnlyList<PatientOutcome> outcomes)
    {
        var median = ProgressionFreeSurvival.MedianDays(outcomes);
        return double.IsNaN(median) ? double.PositiveInfinity : median;
    }
}
