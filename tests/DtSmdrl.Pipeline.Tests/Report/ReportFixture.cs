using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Tests.Report;

/// <summary>
/// Hand-made study folders in the file contracts of metrics.md version 2 (metrics.csv, paired.csv,
/// qtwist_sensitivity.csv) plus the files the report has always read, so the report is tested without running a study.
/// </summary>
internal static class ReportFixture
{
    /// <summary>metrics.csv's metric columns, in the contract's order.</summary>
    public static readonly string[] MetricColumns =
    [
        "decision_accuracy", "precision", "recall", "response_rate", "tumour_reduction_pct", "pfs_median_days", "pfs_rmst_days",
        "violation_rate", "safety_compliance", "cvar90_cost", "gain_captured", "mean_regret_days", "qtwist_days", "ece",
    ];

    /// <summary>Each row's level: every metric of the row is derived from it, so paired differences follow the levels.</summary>
    public static readonly (string Method, double Level)[] Rows =
    [
        // Written out of report order on purpose: the report must order the rows itself.
        ("Clinical Baseline", 0.30),
        ("DT-SMDRL", 0.60),
        ("No treatment", 0.10),
        ("Supervised Model", 0.585),
        ("DT-SMDRL without shield", 0.50),
        ("Perfect-information planner", 0.90),
        ("DRL", 0.40),
        ("Twin-MPC", 0.80),
        ("Digital Twin + DRL", 0.45),
    ];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>A metric's value at a level, on the metric's own scale.</summary>
    public static double Value(string column, double level) => column switch
    {
        "pfs_median_days" or "pfs_rmst_days" => 300 * level,
        "qtwist_days" => 250 * level,
        "mean_regret_days" => 100 * (0.9 - level),
        "tumour_reduction_pct" => 100 * level,
        "cvar90_cost" => 3 * (1 - level),
        "violation_rate" => 0.5 * (1 - level),
        "safety_compliance" => 1 - 0.5 * (1 - level),
        "gain_captured" => (level - 0.1) / 0.8,
        "ece" => 0.1 * (1 - level),
        _ => level,
    };

    /// <summary>Half the width of every interval, on the metric's scale: 0.03 of a level.</summary>
    public static double HalfWidth(string column) => Math.Abs(Value(column, 0.53) - Value(column, 0.5));

    /// <summary>Writes a study folder; <paramref name="paired"/> and <paramref name="extras"/> switch the optional files.</summary>
    public static string Write(bool paired = true, bool extras = true)
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-report").FullName;
        var header = new List<string> { "method" };
        foreach (var column in MetricColumns) header.AddRange([column, column + "_lo", column + "_hi"]);
        header.AddRange(["n_patients", "n_replicates", "n_seeds", "a_future_column"]);
        var metrics = new StringBuilder(string.Join(",", header)).Append('\n');
        foreach (var (method, level) in Rows)
        {
            metrics.Append(method);
            foreach (var column in MetricColumns)
            {
                var v = Value(column, level);
                var h = HalfWidth(column);
                metrics.Append(C, $",{v:R},{v - h:R},{v + h:R}");
            }
            metrics.Append(C, $",40,4,{(method.Contains("DRL", StringComparison.Ordinal) ? 3 : 1)},ignored\n");
        }
        File.WriteAllText(Path.Combine(folder, "metrics.csv"), metrics.ToString());

        if (paired)
        {
            // Paired intervals: +-0.02 of a level around the difference, so a level gap of 0.02 or less includes 0.
            var csv = new StringBuilder("method,comparator,metric,difference,difference_lo,difference_hi,n_patients\n");
            foreach (var comparator in new[] { "DT-SMDRL", "Supervised Model" })
            {
                var reference = Rows.Single(r => r.Method == comparator).Level;
                foreach (var (method, level) in Rows.Where(r => r.Method != comparator))
                    foreach (var column in MetricColumns)
                    {
                        var d = Value(column, level) - Value(column, reference);
                        var h = Math.Abs(Value(column, 0.52) - Value(column, 0.5));
                        csv.Append(C, $"\"{method}\",\"{comparator}\",{column},{d:R},{d - h:R},{d + h:R},40\n");
                    }
            }
            File.WriteAllText(Path.Combine(folder, "paired.csv"), csv.ToString());
        }

        if (!extras) return folder;

        var sensitivity = new StringBuilder("method,u_tox,u_rel,qtwist_days,qtwist_days_lo,qtwist_days_hi,gain_captured,gain_captured_lo,gain_captured_hi\n");
        foreach (var (method, level) in Rows)
            foreach (var tox in new[] { 0.25, 0.5, 0.75 })
                foreach (var rel in new[] { 0.25, 0.5, 0.75 })
                {
                    var q = 250 * level * (0.5 + tox / 2 + rel / 4);
                    var g = (level - 0.1) / 0.8 * (1 + tox / 10);
                    sensitivity.Append(C, $"{method},{tox:R},{rel:R},{q:R},{q - 5:R},{q + 5:R},{g:R},{g - 0.05:R},{g + 0.05:R}\n");
                }
        File.WriteAllText(Path.Combine(folder, "qtwist_sensitivity.csv"), sensitivity.ToString());

        var perPatient = new StringBuilder("method,seed_index,patient_id,plan,value,oracle_value,stated_response_probability,best_response,pfs_days,pfs_event,severe_toxicity,episode_cost,replicate\n");
        foreach (var (method, _) in Rows)
            for (var i = 0; i < 40; i++)
                perPatient.Append(C, $"{method},0,P{i:000},\"plan a, b\",1,2,{(i % 10) / 10.0},{(i % 3 == 0 ? "PR" : "SD")},{30 + 7 * i},{(i % 4 == 0 ? 0 : 1)},0,0.5,{i % 4}\n");
        File.WriteAllText(Path.Combine(folder, "per_patient.csv"), perPatient.ToString());

        var perCycle = new StringBuilder("method,seed_index,patient_id,cycle,action,cost\n");
        foreach (var (method, level) in Rows)
            for (var i = 0; i < 10; i++)
                for (var k = 0; k < 6; k++)
                    perCycle.Append(C, $"{method},0,P{i:000},{k},1,{level * k + 0.01 * i}\n");
        File.WriteAllText(Path.Combine(folder, "per_cycle.csv"), perCycle.ToString());

        var adaptation = new StringBuilder(DtSmdrl.Pipeline.Study.AdaptationReportWriter.SummaryHeader).Append('\n');
        foreach (var (arm, slope) in new[] { ("DT-SMDRL", 0.06), ("DT-SMDRL w/o meta-learning", 0.02), ("Twin-MPC", 0.08) })
            for (var k = 0; k <= 3; k++)
                adaptation.Append(C, $"{arm},{k},{2 * k},{0.75 + slope * k},{0.7 + slope * k},{0.8 + slope * k},3,12,{200 - 20 * k},{220 - 20 * k},{150 - 20 * k}\n");
        File.WriteAllText(Path.Combine(folder, "adaptation.csv"), adaptation.ToString());

        var importance = new StringBuilder("method,regimen,feature,importance\n");
        foreach (var regimen in new[] { "chemo", "targeted" })
            for (var f = 0; f < 12; f++)
                importance.Append(C, $"DT-SMDRL,{regimen},feature_{f},{(f + 1) * (regimen == "chemo" ? 0.1 : 0.05)}\n");
        File.WriteAllText(Path.Combine(folder, "importance.csv"), importance.ToString());

        File.WriteAllText(Path.Combine(folder, "manifest.json"),
            "{\"cohort_sha256\": \"abc123\", \"training_seeds\": [1, 2, 3], \"dt_smdrl\": {\"adaptation_updates\": 4, \"shield_threshold\": 0.2},"
            + " \"wall_seconds\": {\"oracle\": 12.5, \"methods\": {\"Twin-MPC\": 33.25, \"DT-SMDRL\": 120}}}");
        return folder;
    }
}
