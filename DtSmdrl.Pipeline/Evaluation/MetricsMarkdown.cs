using System.Globalization;

namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Writes the metrics table as Markdown for people: one row per method, each cell "estimate [lo, hi]".
/// Fractions print as percentages with one decimal (<c>72.0% [65.1, 78.3]</c>), days with one decimal and a
/// "d" suffix, scores with three decimals. Undefined or infinite numbers print as <c>n/a</c>; a cell whose
/// estimate and bounds are all undefined is just <c>n/a</c>. metrics.csv stays the machine-readable source.
/// </summary>
public static class MetricsMarkdown
{
    /// <summary>Writes a header row, the alignment row and one row per method.</summary>
    public static void Write(TextWriter writer, IEnumerable<MethodMetrics> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        var materialised = rows.ToArray();
        var headings = materialised.Length > 0
            ? materialised[0].Values.Select(v => v.Definition.Heading)
            : MetricsTable.Definitions().Select(d => d.Heading);
        var header = new List<string> { "Method" };
        header.AddRange(headings);
        header.Add("Patients");
        header.Add("Replicates");
        header.Add("Seeds");
        WriteRow(writer, header);
        WriteRow(writer, header.Select((_, i) => i == 0 ? "---" : "---:"));
        foreach (var row in materialised)
        {
            var cells = new List<string> { Escape(row.Method) };
            cells.AddRange(row.Values.Select(v => Cell(v.Definition.Kind, v.Interval)));
            cells.Add(row.PatientCount.ToString(CultureInfo.InvariantCulture));
            cells.Add(row.ReplicateCount.ToString(CultureInfo.InvariantCulture));
            cells.Add(row.SeedCount.ToString(CultureInfo.InvariantCulture));
            WriteRow(writer, cells);
        }
    }

    /// <summary>One cell: "estimate [lo, hi]" formatted for the kind, or "n/a".</summary>
    public static string Cell(MetricKind kind, BootstrapInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        if (!double.IsFinite(interval.Estimate) && !double.IsFinite(interval.Lower) && !double.IsFinite(interval.Upper))
            return "n/a";
        var (scale, format, suffix) = kind switch
        {
            MetricKind.Fraction => (100.0, "F1", "%"),
            MetricKind.Percent => (1.0, "F1", "%"),
            MetricKind.Days => (1.0, "F1", " d"),
            MetricKind.Score => (1.0, "F3", ""),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown metric kind."),
        };
        string Text(double value) => double.IsFinite(value) ? (scale * value).ToString(format, CultureInfo.InvariantCulture) : "n/a";
        var estimate = double.IsFinite(interval.Estimate) ? Text(interval.Estimate) + suffix : "n/a";
        return $"{estimate} [{Text(interval.Lower)}, {Text(interval.Upper)}]";
    }

    private static void WriteRow(TextWriter writer, IEnumerable<string> cells)
    {
        writer.Write("| ");
        writer.Write(string.Join(" | ", cells));
        writer.Write(" |\n");
    }

    private static string Escape(string text) => text.Replace("|", "\\|");
}
