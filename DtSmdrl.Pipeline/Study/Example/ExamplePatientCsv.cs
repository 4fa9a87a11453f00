using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Study.Example;

/// <summary>
/// Writes example_patient.csv: patient_id, observed_sld_mm, plan, plan_actions, day, sld_p05, sld_p50, sld_p95,
/// anc_p05, anc_p50, anc_p95, alive_fraction, true_sld, true_anc (invariant culture; an empty field is NaN, e.g. a
/// day on which no sample, or not the true twin, is alive). The report reads it back with its own CSV reader.
/// </summary>
public static class ExamplePatientCsv
{
    /// <summary>The header line's columns, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["patient_id", "observed_sld_mm", "plan", "plan_actions", "day", "sld_p05", "sld_p50", "sld_p95", "anc_p05", "anc_p50", "anc_p95", "alive_fraction", "true_sld", "true_anc"];

    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Writes the rows to <paramref name="path"/> (UTF-8 without BOM, "\n" line ends).</summary>
    public static void Write(string path, IReadOnlyList<TrajectoryBand> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(string.Join(',', Columns)).Append('\n');
        foreach (var r in rows)
        {
            string[] fields =
            [
                Quote(r.PatientId), Number(r.ObservedSldMm), Quote(r.Plan), Quote(r.PlanActions), r.Day.ToString(C),
                Number(r.SldP05), Number(r.SldP50), Number(r.SldP95), Number(r.AncP05), Number(r.AncP50), Number(r.AncP95),
                Number(r.AliveFraction), Number(r.TrueSld), Number(r.TrueAnc),
            ];
            text.Append(string.Join(',', fields)).Append('\n');
        }
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }

    private static string Number(double v) => double.IsNaN(v) ? "" : v.ToString("0.####", C);

    private static string Quote(string s) => s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
