using DtSmdrl.Pipeline.Statistics;

namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Progression-free survival of simulated outcomes (metrics.md, "Clinical outcome metrics": "Report Kaplan-Meier median and
/// the restricted mean to day 364"), on the project's one Kaplan-Meier estimator (<see cref="KaplanMeier"/>).
/// </summary>
public static class ProgressionFreeSurvival
{
    /// <summary>The Kaplan-Meier curve of the outcomes' progression-free survival (days).</summary>
    public static IReadOnlyList<KaplanMeierPoint> Curve(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(Curve));
        return KaplanMeier.Curve(outcomes.Select(o => o.PfsDays).ToArray(), outcomes.Select(o => o.PfsEvent).ToArray());
    }

    /// <summary>Median progression-free survival, days; NaN when not reached (<see cref="KaplanMeier.MedianDays"/>).</summary>
    public static double MedianDays(IReadOnlyList<PatientOutcome> outcomes) => KaplanMeier.MedianDays(Curve(outcomes));

    /// <summary>
    /// Restricted mean progression-free survival time to <paramref name="horizonDays"/> (default day 364), days. All study
    /// patients are followed to day 364, so holding S after the last observation only matters for shorter follow-ups.
    /// </summary>
    public static double RestrictedMeanDays(IReadOnlyList<PatientOutcome> outcomes, double horizonDays = PatientOutcome.DefaultFollowUpDays) =>
        KaplanMeier.RestrictedMeanDays(Curve(outcomes), horizonDays);
}
