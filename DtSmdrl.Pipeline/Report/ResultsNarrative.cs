namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// The report's generated sentences. Every claim that one row is better than another comes from a paired difference
/// (paired.csv): "A beats B" only when the paired 95% interval excludes 0, otherwise "no difference shown" (metrics.md).
/// </summary>
public static class ResultsNarrative
{
    /// <summary>What a paired interval shows about a subject against another row.</summary>
    public enum Verdict
    {
        /// <summary>The interval excludes 0 on the subject's better side.</summary>
        SubjectBetter,

        /// <summary>The interval excludes 0 on the other row's better side.</summary>
        OtherBetter,

        /// <summary>The interval contains 0 or is undefined.</summary>
        NoDifferenceShown,
    }

    /// <summary>Whether a metrics.csv row is a variant of DT-SMDRL rather than a compared arm (<see cref="StudyRows.IsAblation"/>).</summary>
    public static bool IsAblation(string method) => StudyRows.IsAblation(method);

    /// <summary>The verdict of a subject-minus-other difference, given which direction of the metric is better.</summary>
    public static Verdict Judge(ReportMetric metric, PairedDifference subjectMinusOther)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(subjectMinusOther);
        if (!subjectMinusOther.ExcludesZero) return Verdict.NoDifferenceShown;
        return (subjectMinusOther.Difference > 0) == metric.HigherIsBetter ? Verdict.SubjectBetter : Verdict.OtherBetter;
    }

    /// <summary>
    /// One sentence over the paired differences subject minus each other row, e.g. "Gain captured, DT-SMDRL minus each
    /// row (paired): DT-SMDRL beats Clinical Baseline (+12.0 pts [4.1, 19.9]); Perfect-information planner beats DT-SMDRL
    /// (-20.0 pts [-25.1, -15.2]); no difference shown against DRL (+1.0 pts [-3.0, 5.0])." Null when paired.csv holds
    /// none of the pairs.
    /// </summary>
    public static string? PairedSentence(ReportMetric metric, string subject, IReadOnlyList<string> others, IReadOnlyList<PairedDifference> paired)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(others);
        var beats = new List<string>();
        var beatenBy = new List<string>();
        var none = new List<string>();
        foreach (var other in others.Where(o => o != subject))
        {
            var d = PairedDifference.Find(paired, subject, other, metric.Column);
            if (d is null) continue;
            var printed = $"{other} ({metric.PrintDifferenceWithInterval(d.Difference, d.Lower, d.Upper)})";
            switch (Judge(metric, d))
            {
                case Verdict.SubjectBetter: beats.Add(printed); break;
                case Verdict.OtherBetter: beatenBy.Add(printed); break;
                default: none.Add(printed); break;
            }
        }
        if (beats.Count + beatenBy.Count + none.Count == 0) return null;
        var parts = new List<string>();
        if (beats.Count > 0) parts.Add($"{subject} beats {Join(beats)}");
        if (beatenBy.Count > 0) parts.Add($"{Join(beatenBy)} {(beatenBy.Count == 1 ? "beats" : "each beat")} {subject}");
        if (none.Count > 0) parts.Add($"no difference shown against {Join(none)}");
        var direction = metric.HigherIsBetter ? "higher is better" : "lower is better";
        return $"{metric.Heading} ({direction}), {subject} minus each row, paired: {string.Join("; ", parts)}.";
    }

    /// <summary>
    /// A robustness row against the same arm on clean inputs: both estimates and the change in the metric's unit.
    /// robustness.csv carries no paired interval, so the sentence claims no difference.
    /// </summary>
    public static string? RobustnessSentence(ReportMetric metric, ArmMetrics clean, ArmMetrics degraded)
    {
        ArgumentNullException.ThrowIfNull(metric);
        ArgumentNullException.ThrowIfNull(clean);
        ArgumentNullException.ThrowIfNull(degraded);
        if (!clean.Metrics.TryGetValue(metric.Column, out var c) || !degraded.Metrics.TryGetValue(metric.Column, out var d)) return null;
        if (!double.IsFinite(c.Estimate) || !double.IsFinite(d.Estimate)) return null;
        return $"{degraded.Method}, {metric.Heading.ToLowerInvariant()}: {metric.PrintWithInterval(d)} against {metric.PrintWithInterval(c)} on clean inputs, "
            + $"a change of {metric.PrintDifference(d.Estimate - c.Estimate)} (not paired: no difference is claimed).";
    }

    // "A", "A and B", "A, B and C".
    private static string Join(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];
}
