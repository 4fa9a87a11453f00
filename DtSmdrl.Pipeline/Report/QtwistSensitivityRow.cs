using System.Globalization;

namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// One row of qtwist_sensitivity.csv: an arm's Q-TWiST days and gain captured under one pair of utilities
/// (u_TOX for days with grade >= 3 toxicity, u_REL for days after progression; metrics.md), with 95% intervals.
/// </summary>
public sealed record QtwistSensitivityRow(string Method, double UTox, double URel, MetricEstimate QtwistDays, MetricEstimate GainCaptured)
{
    /// <summary>qtwist_sensitivity.csv in the study folder.</summary>
    public const string CsvFile = "qtwist_sensitivity.csv";

    /// <summary>Reads qtwist_sensitivity.csv by column name; a utility outside [0, 1] or a repeated (method, u_tox, u_rel) throws naming file and record.</summary>
    public static IReadOnlyList<QtwistSensitivityRow> ReadCsv(string path)
    {
        var csv = StudyCsv.Read(path);
        csv.RequireUniqueKeys(r => csv.Text(r, "method").Length == 0 ? "" : string.Join('\u001f', csv.Text(r, "method"), csv.Number(r, "u_tox").ToString("R", CultureInfo.InvariantCulture),
            csv.Number(r, "u_rel").ToString("R", CultureInfo.InvariantCulture)), "method,u_tox,u_rel");
        double Utility(int r, string column)
        {
            var u = csv.Number(r, column);
            return u is >= 0 and <= 1 ? u
                : throw new InvalidDataException($"{path}: record {r + 2}, field '{column}': '{csv.Text(r, column)}' is not a utility in [0, 1].");
        }
        MetricEstimate Estimate(int r, string column) => new(csv.Number(r, column), csv.Number(r, column + "_lo"), csv.Number(r, column + "_hi"));
        return Enumerable.Range(0, csv.Rows.Count).Select(r => new QtwistSensitivityRow(
            csv.Text(r, "method"), Utility(r, "u_tox"), Utility(r, "u_rel"), Estimate(r, "qtwist_days"), Estimate(r, "gain_captured"))).ToList();
    }
}
