namespace DtSmdrl.Pipeline.Report;

/// <summary>
/// One row of paired.csv: <see cref="Method"/> minus <see cref="Comparator"/> on one metric, paired over the same test
/// patients and replicates, with its 95% bootstrap interval (metrics.md: "A beats B" means this interval excludes 0),
/// and the number of patients paired (null when paired.csv leaves it empty).
/// </summary>
public sealed record PairedDifference(string Method, string Comparator, string Metric, double Difference, double Lower, double Upper, int? Patients)
{
    /// <summary>paired.csv in the study folder.</summary>
    public const string CsvFile = "paired.csv";

    /// <summary>Whether the interval is defined and lies wholly above or wholly below 0.</summary>
    public bool ExcludesZero => double.IsFinite(Lower) && double.IsFinite(Upper) && (Lower > 0 || Upper < 0);

    /// <summary>The same comparison the other way round: comparator minus method, the interval mirrored.</summary>
    public PairedDifference Reversed() => new(Comparator, Method, Metric, -Difference, -Upper, -Lower, Patients);

    /// <summary>
    /// <paramref name="first"/> minus <paramref name="second"/> on <paramref name="metric"/>, from the row that holds it either
    /// way round; null when paired.csv has neither.
    /// </summary>
    public static PairedDifference? Find(IReadOnlyList<PairedDifference> paired, string first, string second, string metric)
    {
        ArgumentNullException.ThrowIfNull(paired);
        var direct = paired.FirstOrDefault(p => p.Method == first && p.Comparator == second && p.Metric == metric);
        if (direct is not null) return direct;
        return paired.FirstOrDefault(p => p.Method == second && p.Comparator == first && p.Metric == metric)?.Reversed();
    }

    /// <summary>Reads paired.csv by column name (`method,comparator,metric,difference,difference_lo,difference_hi,n_patients`); empty numbers are NaN; a repeated (method, comparator, metric) throws naming both records.</summary>
    public static IReadOnlyList<PairedDifference> ReadCsv(string path)
    {
        var csv = StudyCsv.Read(path);
        // The unit separator cannot occur in a name, so the joined key is unambiguous.
        csv.RequireUniqueKeys(r => csv.Text(r, "method").Length == 0 ? "" : string.Join('\u001f', csv.Text(r, "method"), csv.Text(r, "comparator"), csv.Text(r, "metric")),
            "method,comparator,metric");
        return Enumerable.Range(0, csv.Rows.Count).Select(r => new PairedDifference(
            csv.Text(r, "method"), csv.Text(r, "comparator"), csv.Text(r, "metric"),
            csv.Number(r, "difference"), csv.Number(r, "difference_lo"), csv.Number(r, "difference_hi"),
            csv.OptionalCount(r, "n_patients"))).ToList();
    }
}
