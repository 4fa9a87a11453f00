using System.Globalization;

namespace DtSmdrl.Pipeline.Report;

/// <summary>How a metric of metrics.csv (metrics.md version 2) is named, printed and ranked in the report.</summary>
/// <param name="Column">metrics.csv column (metrics.md "Machine-readable output").</param>
/// <param name="Heading">Human heading.</param>
/// <param name="HigherIsBetter">Whether a larger value is the better one (false for violation rate, regret, CVaR, ECE).</param>
/// <param name="Format">How an estimate is printed: "pct" (fraction as %), "pctpt" (already %), "days", "score".</param>
public sealed record ReportMetric(string Column, string Heading, bool HigherIsBetter, string Format)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>The metrics of metrics.csv in metrics.md's column order.</summary>
    public static IReadOnlyList<ReportMetric> All { get; } =
    [
        new("decision_accuracy", "Decision accuracy", true, "pct"),
        new("precision", "Precision", true, "pct"),
        new("recall", "Recall", true, "pct"),
        new("response_rate", "Response rate", true, "pct"),
        new("tumour_reduction_pct", "Tumour reduction", true, "pctpt"),
        new("pfs_median_days", "PFS median", true, "days"),
        new("pfs_rmst_days", "PFS restricted mean", true, "days"),
        new("violation_rate", "Violation rate", false, "pct"),
        new("safety_compliance", "Safety compliance", true, "pct"),
        new("cvar90_cost", "CVaR0.9 cost", false, "score"),
        new("gain_captured", "Gain captured", true, "pct"),
        new("mean_regret_days", "Mean regret", false, "days"),
        new("qtwist_days", "Q-TWiST", true, "days"),
        new("ece", "ECE", false, "score"),
    ];

    /// <summary>The metric of a metrics.csv column; throws naming the column when it is not a metric of metrics.md.</summary>
    public static ReportMetric Of(string column) =>
        All.SingleOrDefault(m => m.Column == column) ?? throw new ArgumentException($"'{column}' is not a metric of metrics.md.", nameof(column));

    /// <summary>The unit a difference of this metric is printed in: "points" for proportions and percentages, "days", or none.</summary>
    public string DifferenceUnit => Format switch { "pct" or "pctpt" => "points", "days" => "days", _ => "" };

    /// <summary>Prints a value of this metric; NaN or infinite prints "n/a" (median not reached prints "not reached").</summary>
    public string Print(double value)
    {
        if (double.IsPositiveInfinity(value) && Format == "days") return "not reached";
        if (!double.IsFinite(value)) return "n/a";
        return Format switch
        {
            "pct" => (100 * value).ToString("F1", C) + "%",
            "pctpt" => value.ToString("F1", C) + "%",
            "days" => value.ToString("F1", C) + " d",
            _ => value.ToString("F3", C),
        };
    }

    /// <summary>Prints an interval bound without the unit: "2.0", "120.5", "0.041".</summary>
    public string PrintBound(double value)
    {
        if (!double.IsFinite(value)) return double.IsPositiveInfinity(value) ? "∞" : "n/a";
        return NoNegativeZero(Scaled(value).ToString(Format == "score" ? "F3" : "F1", C));
    }

    /// <summary>"3.8% [2.0, 6.0]".</summary>
    public string PrintWithInterval(MetricEstimate e) => $"{Print(e.Estimate)} [{PrintBound(e.Lower)}, {PrintBound(e.Upper)}]";

    /// <summary>A signed difference in the metric's difference unit: "+5.2 pts", "-3.0 d", "+0.012"; "n/a" when undefined.</summary>
    public string PrintDifference(double difference)
    {
        if (!double.IsFinite(difference)) return "n/a";
        var number = Scaled(difference).ToString(Format == "score" ? "+0.000;-0.000;0.000" : "+0.0;-0.0;0.0", C);
        if (number.TrimStart('+', '-').All(c => c is '0' or '.')) number = number.TrimStart('+', '-');
        return Format switch { "pct" or "pctpt" => number + " pts", "days" => number + " d", _ => number };
    }

    /// <summary>"+5.2 pts [1.0, 9.3]".</summary>
    public string PrintDifferenceWithInterval(double difference, double lower, double upper) =>
        $"{PrintDifference(difference)} [{PrintBound(lower)}, {PrintBound(upper)}]";

    // A mirrored interval bound of exactly 0 (or a tiny negative) would print as "-0.0".
    private static string NoNegativeZero(string printed) => printed.StartsWith('-') && printed.Skip(1).All(c => c is '0' or '.') ? printed[1..] : printed;

    /// <summary>The value on the printed scale: proportions as percentages (points for differences), everything else as is.</summary>
    public double Scaled(double value) => Format == "pct" ? 100 * value : value;
}

/// <summary>One metric of one arm: the estimate and its 95% interval (NaN when undefined).</summary>
public readonly record struct MetricEstimate(double Estimate, double Lower, double Upper);
