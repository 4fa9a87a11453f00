using System.Text;

namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// The "Results" section generated from metrics.csv: per metric which arm is best and worst, and whether the best
/// arm's 95% interval overlaps the runner-up's. Only words the numbers carry: "highest/lowest", "overlaps/does not overlap".
/// </summary>
public static class ResultsNarrative
{
    /// <summary>Whether a metrics.csv row is a variant of DT-SMDRL ("DT-SMDRL w/o ...", "DT-SMDRL + fusion ...") rather than a compared arm.</summary>
    public static bool IsAblation(string method) => method.StartsWith("DT-SMDRL ", StringComparison.Ordinal);

    /// <summary>One Markdown bullet per metric over the compared arms, then one per ablation metric against the full model.</summary>
    public static string Markdown(IReadOnlyList<ArmMetrics> arms)
    {
        ArgumentNullException.ThrowIfNull(arms);
        var md = new StringBuilder();
        var compared = arms.Where(a => !IsAblation(a.Method)).ToList();
        foreach (var metric in ReportMetric.All)
        {
            var line = MetricSentence(metric, compared);
            if (line is not null) md.Append("- ").Append(line).Append('\n');
        }
        var full = arms.FirstOrDefault(a => a.Method == "DT-SMDRL");
        var ablations = arms.Where(a => IsAblation(a.Method)).ToList();
        if (full is not null && ablations.Count > 0)
        {
            md.Append('\n');
            foreach (var ablation in ablations)
                foreach (var metric in ReportMetric.All.Where(m => m.Column is "gain_captured" or "violation_rate" or "cvar90_cost" or "decision_accuracy"))
                {
                    var line = AblationSentence(metric, full, ablation);
                    if (line is not null) md.Append("- ").Append(line).Append('\n');
                }
        }
        return md.ToString();
    }

    /// <summary>"A has the highest X (v [lo, hi]); its interval overlaps / does not overlap B's (v [lo, hi]). C has the lowest (...)."</summary>
    public static string? MetricSentence(ReportMetric metric, IReadOnlyList<ArmMetrics> arms)
    {
        var ranked = arms.Where(a => a.Metrics.TryGetValue(metric.Column, out var e) && !double.IsNaN(e.Estimate))
            .OrderBy(a => metric.HigherIsBetter ? -a.Metrics[metric.Column].Estimate : a.Metrics[metric.Column].Estimate)
            .ThenBy(a => a.Method, StringComparer.Ordinal)
            .ToList();
        if (ranked.Count < 2) return null;
        string Of(ArmMetrics a) => metric.PrintWithInterval(a.Metrics[metric.Column]);
        var best = ranked[0];
        var second = ranked[1];
        var worst = ranked[^1];
        var bestWord = metric.HigherIsBetter ? "highest" : "lowest";
        var worstWord = metric.HigherIsBetter ? "lowest" : "highest";
        var heading = metric.Heading;
        if (best.Metrics[metric.Column].Estimate == second.Metrics[metric.Column].Estimate)
            return $"{heading}: {best.Method} and {second.Method} share the {bestWord} estimate ({Of(best)}, {Of(second)}); {worst.Method} has the {worstWord} ({Of(worst)}).";
        var overlap = best.Metrics[metric.Column].Overlaps(second.Metrics[metric.Column])
            ? "overlaps" : "does not overlap";
        var sentence = $"{heading}: {best.Method} has the {bestWord} value ({Of(best)}); its interval {overlap} that of the next arm, {second.Method} ({Of(second)}).";
        if (ranked.Count > 2)
        {
            var worstOverlap = best.Metrics[metric.Column].Overlaps(worst.Metrics[metric.Column]) ? "overlaps" : "does not overlap";
            sentence += $" {worst.Method} has the {worstWord} ({Of(worst)}); its interval {worstOverlap} {best.Method}'s.";
        }
        return sentence;
    }

    /// <summary>"Removing the shield: violation rate 9.0% [..] vs 3.8% [..] for DT-SMDRL; the intervals overlap / do not overlap."</summary>
    public static string? AblationSentence(ReportMetric metric, ArmMetrics full, ArmMetrics ablation) =>
        ComparisonSentence(metric, full, "the full DT-SMDRL", ablation);

    /// <summary>"{other}, {metric}: value [..], better than / worse than / equal to {referenceLabel} (value [..]); the intervals overlap / do not overlap."</summary>
    public static string? ComparisonSentence(ReportMetric metric, ArmMetrics reference, string referenceLabel, ArmMetrics other)
    {
        if (!reference.Metrics.TryGetValue(metric.Column, out var f) || !other.Metrics.TryGetValue(metric.Column, out var a)) return null;
        if (double.IsNaN(f.Estimate) || double.IsNaN(a.Estimate)) return null;
        var direction = a.Estimate == f.Estimate ? "equal to"
            : (a.Estimate > f.Estimate) == metric.HigherIsBetter ? "better than" : "worse than";
        var overlap = f.Overlaps(a) ? "the intervals overlap" : "the intervals do not overlap";
        return $"{other.Method}, {metric.Heading.ToLowerInvariant()}: {metric.PrintWithInterval(a)}, {direction} {referenceLabel} ({metric.PrintWithInterval(f)}); {overlap}.";
    }
}
