using System.Globalization;
using System.Text;

namespace DtSmdrl.Pipeline.Report;

/// <summary>A CSV file of a study folder read as header plus rows of fields (RFC 4180 quoting), with named, checked access.</summary>
public sealed class StudyCsv
{
    private readonly Dictionary<string, int> _index;

    private StudyCsv(string path, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        Path = path;
        Header = header;
        Rows = rows;
        _index = header.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Column names of the first line.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>Data rows, each as long as the header.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }

    /// <summary>Whether the header has the column.</summary>
    public bool Has(string column) => _index.ContainsKey(column);

    /// <summary>The text of a field; throws naming file, row and column when the column is missing.</summary>
    public string Text(int row, string column) =>
        _index.TryGetValue(column, out var i) ? Rows[row][i]
            : throw new InvalidDataException($"{Path}: column '{column}' is missing from the header.");

    /// <summary>A number field (invariant culture); an empty field is NaN; anything else unparsable throws naming file, record and field.</summary>
    public double Number(int row, string column)
    {
        var text = Text(row, column);
        if (text.Length == 0) return double.NaN;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{Path}: record {row + 2}, field '{column}': '{text}' is not a number.");
    }

    /// <summary>
    /// Throws naming the file and both records when two rows share a key (the row's identity, e.g. the method name);
    /// an empty key throws naming the record and the first key field.
    /// </summary>
    public void RequireUniqueKeys(Func<int, string> key, string keyFields)
    {
        ArgumentNullException.ThrowIfNull(key);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < Rows.Count; r++)
        {
            var k = key(r);
            if (k.Length == 0) throw new InvalidDataException($"{Path}: record {r + 2}, field '{keyFields.Split(',')[0]}': empty.");
            if (seen.TryGetValue(k, out var first))
                throw new InvalidDataException($"{Path}: record {r + 2} repeats the ({keyFields}) of record {first + 2}.");
            seen[k] = r;
        }
    }

    /// <summary>A count field: a non-negative integer; anything else throws naming file, record and field.</summary>
    public int Count(int row, string column)
    {
        var text = Text(row, column);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidDataException($"{Path}: record {row + 2}, field '{column}': '{text}' is not a count (a non-negative integer).");
    }

    /// <summary>A count field that may be absent: null when the column is missing or the field empty, else as <see cref="Count"/>.</summary>
    public int? OptionalCount(int row, string column) => !Has(column) || Text(row, column).Length == 0 ? null : Count(row, column);

    /// <summary>Reads a CSV file; throws when a record has a different field count than the header.</summary>
    public static StudyCsv Read(string path)
    {
        var records = Parse(File.ReadAllText(path));
        if (records.Count == 0) throw new InvalidDataException($"{path}: empty file, expected a header line.");
        var header = records[0];
        for (var r = 1; r < records.Count; r++)
            if (records[r].Count != header.Count)
                throw new InvalidDataException($"{path}: record {r + 1} has {records[r].Count} fields, the header has {header.Count}.");
        return new StudyCsv(path, header, records.Skip(1).ToList());
    }

    private static List<IReadOnlyList<string>> Parse(string text)
    {
        var records = new List<IReadOnlyList<string>>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(field.ToString()); field.Clear(); }
            else if (c == '\r') { }
            else if (c == '\n') { fields.Add(field.ToString()); field.Clear(); records.Add(fields); fields = []; }
            else field.Append(c);
        }
        if (field.Length > 0 || fields.Count > 0) { fields.Add(field.ToString()); records.Add(fields); }
        return records;
    }
}
