namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Decision-quality metrics against the patient-level reference values (metrics.md version 2, "Decision-quality
/// metrics"): V = mean J over a patient's replicates, V* the perfect-information value, V_hold no treatment's.
/// </summary>
/// <remarks>
/// The functions take a flat list of (patient, replicate) records, possibly pooled over training seeds and possibly
/// holding a patient more than once (a bootstrap resample). Every patient is expected to have the same number of
/// records (R replicates per seed, the same seeds), as the study produces; then sums and means over patients equal
/// sums and means over records, so a patient drawn twice simply counts twice.
/// </remarks>
public static class DecisionMetrics
{
    /// <summary>Share of the achievable gain within which a decision counts as accurate (metrics.md: 10%).</summary>
    public const double AccuracyGainShare = 0.10;

    /// <summary>Absolute tolerance of an accurate decision in quality-adjusted days (metrics.md: one week).</summary>
    public const double AccuracyToleranceDays = 7.0;

    /// <summary>
    /// Gain captured = sum over patients of (V - V_hold) / sum over patients of (V* - V_hold), a ratio of sums (the
    /// share of the achievable benefit of treatment delivered). NaN when the denominator is not positive.
    /// </summary>
    public static double GainCaptured(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(GainCaptured));
        double gained = 0, achievable = 0;
        foreach (var o in outcomes)
        {
            gained += o.Value - o.HoldValue;
            achievable += o.PerfectValue - o.HoldValue;
        }
        return achievable > 0.0 ? gained / achievable : double.NaN;
    }

    /// <summary>Mean regret V* - V over patients, quality-adjusted days (can be negative: V* can be exceeded).</summary>
    public static double MeanRegretDays(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(MeanRegretDays));
        return outcomes.Average(o => o.PerfectValue - o.Value);
    }

    /// <summary>Q-TWiST days: mean V over patients (equal to the mean J over their records).</summary>
    public static double MeanValueDays(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(MeanValueDays));
        return outcomes.Average(o => o.Value);
    }

    /// <summary>One patient's decision is accurate when V >= V* - max(0.10 (V* - V_hold), 7 days).</summary>
    public static bool IsAccurate(double value, double perfectValue, double holdValue)
    {
        if (!double.IsFinite(value) || !double.IsFinite(perfectValue) || !double.IsFinite(holdValue))
            throw new ArgumentException($"Decision accuracy needs finite V, V* and V_hold, got {value}, {perfectValue}, {holdValue}.");
        return value >= perfectValue - Math.Max(AccuracyGainShare * (perfectValue - holdValue), AccuracyToleranceDays);
    }

    /// <summary>
    /// Decision accuracy: share of patients with an accurate decision (<see cref="IsAccurate"/>), V being the mean J of
    /// all the patient's records in the list. Each patient counts with its number of records, so a patient drawn twice
    /// by the bootstrap counts twice.
    /// </summary>
    public static double DecisionAccuracy(IReadOnlyList<PatientOutcome> outcomes)
    {
        OutcomeChecks.RequireValid(outcomes, nameof(DecisionAccuracy));
        var patients = new Dictionary<string, (double Sum, int Count, double Perfect, double Hold)>(StringComparer.Ordinal);
        foreach (var o in outcomes)
        {
            patients.TryGetValue(o.PatientId, out var p);
            patients[o.PatientId] = (p.Sum + o.Value, p.Count + 1, o.PerfectValue, o.HoldValue);
        }
        var accurate = 0;
        foreach (var p in patients.Values)
            if (IsAccurate(p.Sum / p.Count, p.Perfect, p.Hold)) accurate += p.Count;
        return accurate / (double)outcomes.Count;
    }
}
