namespace DtSmdrl.Pipeline.Report;

/// <summary>How a metric of metrics.csv is named, printed and ranked in the report.</summary>
/// <param name="Column">metrics.csv column (metrics.md).</param>
/// <param name="Heading">Human heading.</param>
/// <param name="HigherIsBetter">Whether a larger value is the better one (false for violation rate, CVaR, ECE).</param>
/// <param name="Format">How an estimate is printed: "pct" (fraction as %), "pctpt" (already %), "days", "score".</param>
public sealed record ReportMetric(string Column, string Heading, bool HigherIsBetter, string Format)
{
    /// <summary>The metrics of metrics.csv in metrics.md's order.</summary>
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

    /// <summary>Prints a value of this metric; NaN or infinite prints "n/a" (median not reached prints "not reached").</summary>
    public string Print(double value)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        if (double.IsPositiveInfinity(value) && Format == "days") return "not reached";
        if (!double.IsFinite(value)) return "n/a";
        return Format switch
        {
            "pct" => (100 * value).ToString("F1", ci) + "%",
            "pctpt" => value.ToString("F1", ci) + "%",
            "days" => value.ToString("F0", ci) + " d",
            _ => value.ToString("F3", ci),
        };
    }

    /// <summary>Prints an interval bound without the unit: "2.0", "120", "0.041".</summary>
    public string PrintBound(double value)
    {
        var ci = System.Globalization.CultureInfo.InvariantCulture;
        if (!double.IsFinite(value)) return double.IsPositiveInfinity(value) ? "∞" : "n/a";
        return Format switch
        {
            "pct" => (100 * value).ToString("F1", ci),
            "pctpt" => value.ToString("F1", ci),
            "days" => value.ToString("F0", ci),
            _ => value.ToString("F3", ci),
        };
    }

    /// <summary>"3.8% [2.0, 6.0]".</summary>
    public string PrintWithInterval(MetricEstimate e) => $"{Print(e.Estimate)} [{PrintBound(e.Lower)}, {PrintBound(e.Upper)}]";
}

/// <summary>One metric of one arm: the estimate and its 95% interval (NaN when undefined).</summary>
public readonly record struct MetricEstimate(double Estimate, double Lower, double Upper)
{
    /// <summary>Whether the two intervals share at least one point; false when either is undefined.</summary>
    public bool Overlaps(MetricEstimate other) =>
        !double.IsNaN(Lower) && !double.IsNaN(Upper) && !double.IsNaN(other.Lower) && !double.IsNaN(other.Upper)
        && Lower <= other.Upper && other.Lower <= Upper;
}

/// <summary>One row of metrics.csv: an arm with every metric, its patient and seed counts.</summary>
public sealed record ArmMetrics(string Method, IReadOnlyDictionary<string, MetricEstimate> Metrics, int Patients, int Seeds)
{
    /// <summary>Reads metrics.csv: empty fields are NaN; an empty upper bound of a PFS median is +∞ (not reached).</summary>
    public static IReadOnlyList<ArmMetrics> ReadCsv(string path)
    {
        var csv = StudyCsv.Read(path);
        var arms = new List<ArmMetrics>();
        for (var r = 0; r < csv.Rows.Count; r++)
        {
            var metrics = new Dictionary<string, MetricEstimate>(StringComparer.Ordinal);
            foreach (var m in ReportMetric.All)
            {
                if (!csv.Has(m.Column)) continue;
                metrics[m.Column] = new MetricEstimate(csv.Number(r, m.Column), csv.Number(r, m.Column + "_lo"), csv.Number(r, m.Column + "_hi"));
            }
            arms.Add(new ArmMetrics(csv.Text(r, "method"), metrics, (int)csv.Number(r, "n_patients"), (int)csv.Number(r, "n_seeds")));
        }
        return arms;
    }
}
