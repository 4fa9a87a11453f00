using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Study;

/// <summary>Everything one study run produced: the metrics table and what it was computed from.</summary>
/// <param name="Metrics">One row per method, metrics.csv order.</param>
/// <param name="Oracle">The oracle's answer per test patient, in test order.</param>
/// <param name="Episodes">Per method, per training seed, per test patient.</param>
/// <param name="Outcomes">The same episodes as evaluation records.</param>
/// <param name="OracleSeconds">Wall time of the oracle.</param>
/// <param name="MethodSeconds">Wall time per method (fit, execution and robustness conditions, all seeds).</param>
public sealed record StudyResult(
    IReadOnlyList<MethodMetrics> Metrics,
    IReadOnlyList<OracleResult> Oracle,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<EpisodeRecord>>> Episodes,
    IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<PatientOutcome>>> Outcomes,
    double OracleSeconds,
    IReadOnlyDictionary<string, double> MethodSeconds)
{
    /// <summary>One row per method and robustness condition (<see cref="RobustnessCondition.RowName"/>); empty without conditions.</summary>
    public IReadOnlyList<MethodMetrics> Robustness { get; init; } = [];
}
