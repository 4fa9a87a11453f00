using System.Globalization;

namespace DtSmdrl.Pipeline.Evaluation;

/// <summary>
/// Writes metrics.csv (metrics.md, "Machine-readable output"): the header of <see cref="MetricsTable.CsvColumns"/>,
/// then one row per method. Numbers use the invariant culture and the shortest round-trip form; proportions stay
/// fractions; an undefined or infinite value is an empty field. Fields holding a comma, quote or line break are
/// quoted (RFC 4180).
/// </summary>
public static class MetricsCsv
{
    /// <summary>Writes the header and one row per method.</summary>
    public static void Write(TextWriter writer, IEnumerable<MethodMetrics> rows)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rows);
        writer.Write(string.Join(",", MetricsTable.CsvColumns));
        writer.Write('\n');
        foreach (var row in rows)
        {
            var fields = new List<string>(MetricsTable.CsvColumns.Count) { Quote(row.Method) };
            foreach (var column in MetricsTable.MetricColumns)
            {
                var interval = row[column];
                fields.Add(Number(interval.Estimate));
                fields.Add(Number(interval.Lower));
                fields.Add(Number(interval.Upper));
            }
            fields.Add(row.PatientCount.ToString(CultureInfo.InvariantCulture));
            fields.Add(row.ReplicateCount.ToString(CultureInfo.InvariantCulture));
            fields.Add(row.SeedCount.ToString(CultureInfo.InvariantCulture));
            writer.Write(string.Join(",", fields));
            writer.Write('\n');
        }
    }

    /// <summary>Writes metrics.csv to a file (UTF-8 without BOM), creating its folder when needed.</summary>
    public static void WriteFile(string path, IEnumerable<MethodMetrics> rows)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        using var writer = new StreamWriter(path, append: false, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        Write(writer, rows);
    }

    /// <summary>Invariant shortest round-trip text; empty for NaN and infinities.</summary>
    internal static string Number(double value) =>
        double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : "";

    internal static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\n', '\r']) < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";
}
