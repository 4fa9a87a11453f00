using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>One row of paired.csv: metric(method) - metric(comparator) on the same patients and replicates.</summary>
/// <param name="Method">The arm (reference rows included).</param>
/// <param name="Comparator">The arm it is compared with.</param>
/// <param name="Metric">metrics.csv column name.</param>
/// <param name="Difference">The paired difference with its 95% patient-level bootstrap interval.</param>
/// <param name="PatientCount">Test patients compared.</param>
public sealed record PairedRow(string Method, string Comparator, string Metric, BootstrapInterval Difference, int PatientCount);

/// <summary>
/// paired.csv (metrics.md, "The evaluation protocol": every comparison of two arms as a paired difference): every arm
/// against each comparator present in the run, for every metric defined per patient
/// (<see cref="MetricDefinition.DefinedPerPatient"/>). Each resample draws patients once and evaluates both arms on
/// those patients with all their replicates and seeds (<see cref="PairedComparison"/>), with the metrics table's
/// resample seed, so the resamples are the ones behind metrics.csv.
/// </summary>
public static class PairedTable
{
    /// <summary>The header of paired.csv.</summary>
    public const string Header = "method,comparator,metric,difference,difference_lo,difference_hi,n_patients";

    /// <summary>The rows, arm by arm (in <paramref name="arms"/> order), then comparator, then metric in metrics.csv order.</summary>
    /// <param name="arms">Each arm's outcomes per training seed, all on the same patients and replicates.</param>
    /// <param name="comparators">Arm names to compare against; one not in <paramref name="arms"/> is skipped.</param>
    /// <param name="options">Resamples and seed (the metrics table's).</param>
    public static IReadOnlyList<PairedRow> Compute(
        IReadOnlyList<(string Method, IReadOnlyList<IReadOnlyList<PatientOutcome>> Outcomes)> arms,
        IReadOnlyList<string> comparators,
        MetricsTableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(arms);
        ArgumentNullException.ThrowIfNull(comparators);
        options ??= new MetricsTableOptions();
        var present = comparators.Where(c => arms.Any(a => a.Method == c)).ToList();
        var metrics = MetricsTable.Definitions(options).Where(d => d.DefinedPerPatient).ToList();
        var rows = new List<PairedRow>();
        foreach (var (method, outcomes) in arms)
            foreach (var comparator in present)
            {
                if (comparator == method) continue;
                var against = arms.First(a => a.Method == comparator).Outcomes;
                var patients = PatientClusters.Build(outcomes).Length;
                foreach (var metric in metrics)
                {
                    var paired = PairedComparison.Compare(outcomes, against, metric, options.Resamples, options.Seed);
                    rows.Add(new PairedRow(method, comparator, metric.Column, paired.Difference, patients));
                }
            }
        return rows;
    }

    /// <summary>Writes paired.csv (UTF-8 without BOM, invariant numbers, empty fields for undefined values).</summary>
    public static void WriteFile(string path, IEnumerable<PairedRow> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(Header);
        foreach (var row in rows)
            writer.WriteLine(string.Join(",", MetricsCsv.Quote(row.Method), MetricsCsv.Quote(row.Comparator), row.Metric,
                MetricsCsv.Number(row.Difference.Estimate), MetricsCsv.Number(row.Difference.Lower), MetricsCsv.Number(row.Difference.Upper),
                row.PatientCount.ToString(CultureInfo.InvariantCulture)));
    }
}
