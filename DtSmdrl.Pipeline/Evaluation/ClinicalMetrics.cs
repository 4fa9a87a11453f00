namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Clinical outcome metrics over a list of test patients (metrics.md, "Clinical outcome metrics").
/// Every function takes one method's outcomes on the test patients and returns a cohort figure;
/// proportions are fractions in [0, 1]. Survival figures are in <see cref="ProgressionFreeSurvival"/>.
/// </summary>
public static class ClinicalMetrics
{
    /// <summary>
    /// Objective response rate (ORR): share of patients whose best overall response is CR or PR.
    /// The denominator is every patient; <see cref="RecistResponse.NotEvaluable"/> counts as a non-responder.
    /// </summary>
    public static double ResponseRate(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(ResponseRate));
        return outcomes.Count(o => o.BestOverallResponse.IsObjectiveResponse()) / (double)outcomes.Count;
    }

    /// <summary>
    /// One patient's tumour reduction, percent: 100 * (baseline SLD - nadir SLD) / baseline SLD,
    /// negative when the tumour grew (metrics.md).
    /// </summary>
    public static double TumourReductionPct(PatientOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        outcome.Validate();
        return 100.0 * (outcome.BaselineSldMm - outcome.NadirSldMm) / outcome.BaselineSldMm;
    }

    /// <summary>Mean over patients of <see cref="TumourReductionPct(PatientOutcome)"/>, percent (not a fraction).</summary>
    public static double MeanTumourReductionPct(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(MeanTumourReductionPct));
        return outcomes.Average(o => 100.0 * (o.BaselineSldMm - o.NadirSldMm) / o.BaselineSldMm);
    }

    /// <summary>Toxicity violation rate: share of patients with at least one severe toxicity event (metrics.md).</summary>
    public static double ViolationRate(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(ViolationRate));
        return outcomes.Count(o => o.HadSevereToxicity) / (double)outcomes.Count;
    }

    /// <summary>Safety compliance = 1 - <see cref="ViolationRate"/> (metrics.md).</summary>
    public static double SafetyCompliance(IReadOnlyList<PatientOutcome> outcomes) => 1.0 - ViolationRate(outcomes);

    /// <summary>
    /// CVaR_0.9 risk score: mean episode toxicity cost over the worst 10% of patients (metrics.md),
    /// computed by <see cref="RiskMeasures.UpperCvar(IReadOnlyList{double}, double)"/> at alpha = 0.9, so with a patient count that is
    /// not a multiple of 10 the boundary patient enters with a fractional weight.
    /// </summary>
    public static double Cvar90Cost(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(Cvar90Cost));
        return RiskMeasures.UpperCvar(outcomes.Select(o => o.EpisodeToxicityCost).ToArray(), 0.9);
    }

    /// <summary>
    /// Mean toxicity per treatment cycle over the patients that recorded it, for the toxicity-over-cycles
    /// figure. Entry c averages cycle c over the patients whose record has at least c + 1 cycles;
    /// the result is as long as the longest record (empty when none recorded any).
    /// </summary>
    public static IReadOnlyList<double> MeanToxicityPerCycle(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(MeanToxicityPerCycle));
        var cycles = outcomes.Max(o => o.ToxicityPerCycle.Count);
        var means = new double[cycles];
        for (var c = 0; c < cycles; c++)
        {
            double sum = 0;
            var count = 0;
            foreach (var o in outcomes)
            {
                if (o.ToxicityPerCycle.Count <= c) continue;
                sum += o.ToxicityPerCycle[c];
                count++;
            }
            means[c] = sum / count;
        }
        return means;
    }
}
