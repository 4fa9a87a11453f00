using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study.Truth;

namespace DtSmdrl.Pipeline.Study;

/// <summary>Everything one study run produced: the metrics table and what it was computed from.</summary>
/// <param name="Metrics">One row per arm, metrics.csv order: the reference rows, then the methods.</param>
/// <param name="PerfectInformation">The perfect-information planner's result per test patient, in test order.</param>
/// <param name="Episodes">Per arm, per training seed, the (patient, replicate) episodes, replicate by replicate.</param>
/// <param name="Outcomes">The same episodes as evaluation records.</param>
/// <param name="OracleSeconds">Wall time of the perfect-information planner (all patients).</param>
/// <param name="MethodSeconds">Wall time per method (fit, execution and robustness conditions, all seeds).</param>
public sealed record StudyResult(
    IReadOnlyList<MethodMetrics> Metrics,
    IReadOnlyList<PerfectInformationResult> PerfectInformation,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<EpisodeRecord>>> Episodes,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<PatientOutcome>>> Outcomes,
    double OracleSeconds,
    IReadOnlyDictionary<string, double> MethodSeconds)
{
    /// <summary>One row per method and robustness condition (<see cref="RobustnessCondition.RowName"/>); empty without conditions.</summary>
    public IReadOnlyList<MethodMetrics> Robustness { get; init; } = [];

    /// <summary>paired.csv: every arm against each comparator present.</summary>
    public IReadOnlyList<PairedRow> Paired { get; init; } = [];

    /// <summary>qtwist_sensitivity.csv: every arm under every utility of the grid.</summary>
    public IReadOnlyList<SensitivityRow> Sensitivity { get; init; } = [];

    /// <summary>The utility of J in metrics.csv.</summary>
    public QtwistUtility Utility { get; init; } = QtwistUtility.Default;

    /// <summary>Mean seconds of the planner per patient on one thread (search on the oracle replicates and valuation).</summary>
    public double OracleSecondsPerPatient => PerfectInformation.Count == 0 ? 0.0 : PerfectInformation.Average(p => p.Seconds);
}
