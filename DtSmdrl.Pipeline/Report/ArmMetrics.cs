namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// One row of metrics.csv: an arm (or reference row, or ablation) with every metric and its patient, replicate and seed
/// counts (null where the file leaves a count empty or has no such column).
/// </summary>
public sealed record ArmMetrics(string Method, IReadOnlyDictionary<string, MetricEstimate> Metrics, int? Patients, int? Replicates, int? Seeds)
{
    /// <summary>
    /// Reads metrics.csv (or robustness.csv, same columns) by column name: `method`, each metric with `_lo` and `_hi`,
    /// `n_patients`, `n_replicates`, `n_seeds`; unknown columns are ignored, a metric or count missing from the header is
    /// left out, empty metric fields are NaN; a method named twice or not at all throws naming the records.
    /// </summary>
    public static IReadOnlyList<ArmMetrics> ReadCsv(string path)
    {
        var csv = StudyCsv.Read(path);
        csv.RequireUniqueKeys(r => csv.Text(r, "method"), "method");
        var arms = new List<ArmMetrics>();
        for (var r = 0; r < csv.Rows.Count; r++)
        {
            var metrics = new Dictionary<string, MetricEstimate>(StringComparer.Ordinal);
            foreach (var m in ReportMetric.All)
            {
                if (!csv.Has(m.Column)) continue;
                metrics[m.Column] = new MetricEstimate(csv.Number(r, m.Column), csv.Number(r, m.Column + "_lo"), csv.Number(r, m.Column + "_hi"));
            }
            arms.Add(new ArmMetrics(csv.Text(r, "method"), metrics, csv.OptionalCount(r, "n_patients"), csv.OptionalCount(r, "n_replicates"), csv.OptionalCount(r, "n_seeds")));
        }
        return arms;
    }
}
