using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Study;

/// <summary>
/// Writes the adaptation-speed measurement: adaptation.csv (one row per arm and k: gain captured, interval, counts),
/// adaptation_per_patient.csv (every continuation) and adaptation.md (the table and each arm's adaptation speed).
/// </summary>
public static class AdaptationReportWriter
{
    public const string SummaryCsv = "adaptation.csv";
    public const string RecordsCsv = "adaptation_per_patient.csv";
    public const string SummaryMarkdown = "adaptation.md";

    /// <summary>adaptation.csv's header (tools read it: keep the names, add columns at the end).</summary>
    public const string SummaryHeader = "arm,scans_observed,decision_cycle,gain_captured,gain_captured_lo,gain_captured_hi,n_patients,n_records,mean_arm_days,mean_perfect_days,mean_hold_days";

    public static void Write(string folder, IReadOnlyList<ContinuationRecord> records, double fraction, int resamples, int seed)
    {
        ArgumentNullException.ThrowIfNull(records);
        var c = CultureInfo.InvariantCulture;
        var rows = AdaptationSummary.Of(records, resamples, seed);
        var csv = new StringBuilder(SummaryHeader).Append('\n');
        foreach (var r in rows)
            csv.Append(c, $"{Quote(r.Arm)},{r.Scans},{r.Cycle},{r.GainCaptured:R},{r.Lower:R},{r.Upper:R},{r.Patients},{r.Replicates},{r.MeanArm:R},{r.MeanPerfect:R},{r.MeanHold:R}\n");
        File.WriteAllText(Path.Combine(folder, SummaryCsv), csv.ToString());

        var detail = new StringBuilder("arm,scans_observed,decision_cycle,patient_id,replicate,arm_days,perfect_days,hold_days,perfect_within_limit\n");
        foreach (var r in records)
            detail.Append(c, $"{Quote(r.Arm)},{r.Scans},{r.Cycle},{Quote(r.PatientId)},{r.Replicate},{r.ArmValue:R},{r.PerfectValue:R},{r.HoldValue:R},{(r.PerfectWithinLimit ? "true" : "false")}\n");
        File.WriteAllText(Path.Combine(folder, RecordsCsv), detail.ToString());
        File.WriteAllText(Path.Combine(folder, SummaryMarkdown), Markdown(rows, fraction));
    }

    /// <summary>The table (gain captured per arm and k) and one line per arm with its adaptation speed.</summary>
    public static string Markdown(IReadOnlyList<AdaptationSummary> rows, double fraction)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var c = CultureInfo.InvariantCulture;
        var md = new StringBuilder("| Arm | Scans observed | Decision cycle | Continuation gain captured | Patients | Records |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
        foreach (var r in rows)
            md.Append(c, $"| {r.Arm} | {r.Scans} | {r.Cycle} | {Percent(r.GainCaptured)} [{Percent(r.Lower)}, {Percent(r.Upper)}] | {r.Patients} | {r.Replicates} |\n");
        md.Append('\n');
        foreach (var arm in rows.GroupBy(r => r.Arm))
            md.Append(c, $"- {arm.Key}: {Speed(arm, fraction)}\n");
        return md.ToString();
    }

    /// <summary>"1 scan", "0 scans" or "not reached within k = K".</summary>
    public static string Speed(IEnumerable<AdaptationSummary> armRows, double fraction)
    {
        var list = armRows.ToList();
        var reached = AdaptationSummary.ScansToReach(list, fraction);
        var target = (100 * fraction).ToString("F0", CultureInfo.InvariantCulture);
        return reached is { } k
            ? $"reaches {target}% of the perfect-information continuation's gain after {k} scan{(k == 1 ? "" : "s")}"
            : $"not reached ({target}%) within {list.Max(r => r.Scans)} scans";
    }

    private static string Percent(double value) => double.IsFinite(value) ? (100 * value).ToString("F1", CultureInfo.InvariantCulture) + "%" : "n/a";

    private static string Quote(string value) => value.Contains(',') || value.Contains('"') ? $"\"{value.Replace("\"", "\"\"")}\"" : value;
}
