using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;

namespace DtSmdrl.Pipeline.Data.Fuzzing;

/// <summary>
/// A seeded generator of mutated input files for the four loaders (patients and outcomes, JSONL and CSV). Each
/// case holds one record (every fourth case two to four) taken from valid base records; most are mutated: field deletions, type swaps,
/// boundary numbers (0, -5, 1e308, 1e400, 2^53, just past a bound), duplicate keys, odd strings (lone surrogates,
/// year 9999, NUL), CSV cells NaN/Infinity and header damage, then byte flips, truncation, stray newlines and odd
/// encodings (UTF-8 with a byte-order mark, UTF-16 and UTF-32 with and without one, Latin-1, CRLF). Case i depends
/// only on the seed and i, so any failure can be regenerated from its index.
/// </summary>
public sealed class RecordFuzzer
{
    private const string DuplicateMarker = "__dup__";
    private static readonly System.Text.RegularExpressions.Regex DuplicateKey = new(DuplicateMarker + "[0-9]+\"", System.Text.RegularExpressions.RegexOptions.Compiled);
    private const string RawMarker = "__raw__";

    // One instance: System.Text.Json caches its metadata per options object.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly double[] Numbers =
    [
        0, -0.0, -1, -5, -7, 1, 4.5, 9, 55, 101, 1500, 1e9, 1e308, -1e308, double.Epsilon, 9007199254740993, 2147483648,
        17.999, 110.001, 400.001, 25.0001, 100.0001, 1.5000001, 2.0000001, 200.5, 0.1, 1e-7,
    ];

    // Written into the JSON text as they are: not representable as a JSON value by a serialiser.
    private static readonly string[] RawNumbers = ["1e400", "-1e400", "1e-400", "123456789012345678901234567890", "-0", "1E+2", "0.0000000000000000000001"];

    private static readonly string[] Texts =
    [
        "", " ", "x", "P0000001", "bad id!", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00",
        "2026-13-01T00:00:00Z", "2026-02-30", "1899-12-31T23:59:59Z", "2100-01-01T00:00:00Z", "NaN", "Infinity", "chemo_full", "aspirin",
        "female", "IV", "nsclc_squamous", "\u00c4\u00d6\u00dc\u00e9", "\ud83d\ude00", "a\u0000b", new string('z', 300), "1", "true",
    ];

    private static readonly string[] Cells =
    [
        "", " ", "NaN", "nan", "Infinity", "-Infinity", "\u221e", "1e400", "-1e400", "1,5", "0x10", "1_000", "+1", ".5", "5.", "1e",
        "--1", "abc", "true", "1", "0", "-5", "9", "55", "1e308", "-1e308", "9999-12-31T23:59:59Z", "9999-12-31T23:59:59-01:00",
        "2026-02-30T00:00:00Z", "\"", "\"\"", "a\nb", "a,b", "P0000001", "none", "hold|1|2026-01-01T00:00:00Z|", "x|y", ";;", "|||",
    ];

    private readonly IReadOnlyList<PatientRecord> patients;
    private readonly IReadOnlyList<OutcomeObservation> outcomes;
    private readonly int seed;

    /// <param name="patients">Valid patient records to mutate (e.g. a small synthetic cohort and the schema example).</param>
    /// <param name="outcomes">Valid outcome observations to mutate.</param>
    /// <param name="seed">Master seed.</param>
    public RecordFuzzer(IReadOnlyList<PatientRecord> patients, IReadOnlyList<OutcomeObservation> outcomes, int seed)
    {
        if (patients.Count == 0 || outcomes.Count == 0) throw new ArgumentException("At least one base patient and one base outcome are needed.");
        this.patients = patients;
        this.outcomes = outcomes;
        this.seed = seed;
    }

    /// <summary>Case <paramref name="index"/>; the four targets take turns.</summary>
    public FuzzCase Case(long index)
    {
        var rng = new Random(CaseSeed(seed, index));
        var target = (FuzzTarget)(index % 4);
        var mutations = new List<string>();
        // Mostly one record per file (validation dominates the cost); every fourth file mixes two to four.
        var count = rng.Next(4) == 0 ? rng.Next(2, 5) : 1;
        var newline = rng.Next(8) == 0 ? "\r\n" : "\n";
        var text = target switch
        {
            FuzzTarget.PatientJsonl => string.Join(newline, Enumerable.Range(0, count).Select(_ => JsonLine(rng, Patient(rng), mutations))),
            FuzzTarget.OutcomeJsonl => string.Join(newline, Enumerable.Range(0, count).Select(_ => JsonLine(rng, Outcome(rng), mutations))),
            FuzzTarget.PatientCsv => Csv(rng, PatientCsvLayout.Header.ToArray(), Enumerable.Range(0, count).Select(_ => PatientCsv.Cells(patients[rng.Next(patients.Count)]).ToArray()).ToList(), newline, mutations),
            _ => Csv(rng, OutcomeColumns, Enumerable.Range(0, count).Select(_ => OutcomeCells(outcomes[rng.Next(outcomes.Count)])).ToList(), newline, mutations),
        };
        if (rng.Next(3) > 0) text += newline;
        return new FuzzCase(index, target, Encode(rng, text, mutations), mutations);
    }

    // SplitMix64 of (seed, index): the same on every run and machine (HashCode.Combine is randomised per process).
    private static int CaseSeed(int seed, long index)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    private JsonNode Patient(Random rng) => JsonSerializer.SerializeToNode(patients[rng.Next(patients.Count)], DtSmdrlJson.Options)!;

    private JsonNode Outcome(Random rng) => JsonSerializer.SerializeToNode(outcomes[rng.Next(outcomes.Count)], DtSmdrlJson.Options)!;

    private static string JsonLine(Random rng, JsonNode record, List<string> mutations)
    {
        var raw = new List<string>();
        var edits = rng.Next(4) == 0 ? 0 : rng.Next(1, 4);
        for (var e = 0; e < edits; e++) MutateNode(rng, record, raw, mutations);
        var text = record.ToJsonString(Relaxed);
        text = DuplicateKey.Replace(text, "\"");
        for (var r = 0; r < raw.Count; r++) text = text.Replace($"\"{RawMarker}{r}\"", raw[r], StringComparison.Ordinal);
        return rng.Next(6) == 0 ? MutateText(rng, text, mutations) : text;
    }

    private static void MutateNode(Random rng, JsonNode root, List<string> raw, List<string> mutations)
    {
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var node = nodes[rng.Next(nodes.Count)];
        var parent = node.Parent;
        switch (rng.Next(7))
        {
            case 0 when parent is JsonObject o:
                mutations.Add($"delete {node.GetPath()}");
                o.Remove(node.GetPropertyName());
                break;
            case 1 when parent is JsonObject o:
                var key = node.GetPropertyName();
                var duplicate = RandomValue(rng, raw);
                mutations.Add($"duplicate key {node.GetPath()}");
                var marked = $"{key}{DuplicateMarker}{o.Count}";
                if (o.ContainsKey(marked)) return;
                if (rng.Next(2) == 0) o.Add(marked, duplicate);
                else o.Insert(0, marked, duplicate);
                break;
            case 2 when parent is JsonArray a:
                mutations.Add($"delete {node.GetPath()}");
                a.Remove(node);
                break;
            case 3 when node is JsonObject o:
                mutations.Add($"unknown key in {node.GetPath()}");
                o["extra_field"] = RandomValue(rng, raw);
                break;
            default:
                if (parent is null) return;
                mutations.Add($"replace {node.GetPath()}");
                node.ReplaceWith(RandomValue(rng, raw));
                break;
        }
    }

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o.ToList()) if (child is not null) Collect(child, into);
                break;
            case JsonArray a:
                foreach (var child in a.ToList()) if (child is not null) Collect(child, into);
                break;
        }
    }

    private static JsonNode? RandomValue(Random rng, List<string> raw)
    {
        switch (rng.Next(9))
        {
            case 0: return null;
            case 1: return JsonValue.Create(rng.Next(2) == 0);
            case 2:
                raw.Add(RawNumbers[rng.Next(RawNumbers.Length)]);
                return JsonValue.Create($"{RawMarker}{raw.Count - 1}");
            case 3:
                raw.Add(rng.Next(2) == 0 ? "\"x\\ud800y\"" : "\"\\udc00\"");
                return JsonValue.Create($"{RawMarker}{raw.Count - 1}");
            case 4: return new JsonArray(JsonValue.Create(Numbers[rng.Next(Numbers.Length)]));
            case 5: return new JsonObject { ["a"] = 1 };
            case 6 or 7: return JsonValue.Create(Texts[rng.Next(Texts.Length)]);
            default: return JsonValue.Create(Numbers[rng.Next(Numbers.Length)]);
        }
    }

    private static string MutateText(Random rng, string text, List<string> mutations)
    {
        if (text.Length == 0) return text;
        var at = rng.Next(text.Length);
        switch (rng.Next(4))
        {
            case 0:
                mutations.Add($"truncate at {at}");
                return text[..at];
            case 1:
                mutations.Add($"newline at {at}");
                return text[..at] + "\n" + text[at..];
            case 2:
                mutations.Add($"delete char {at}");
                return text.Remove(at, 1);
            default:
                mutations.Add($"insert char at {at}");
                return text.Insert(at, ((char)rng.Next(0, 128)).ToString());
        }
    }

    private static readonly string[] OutcomeColumns =
    [
        "patient_id", "observed_at", "cycle", "treatment_given", "dose_fraction", "died", "adverse_events",
        .. Enumerable.Range(1, 5).Select(i => $"lesion_{i}_mm"),
        .. PatientCsvLayout.Labs.Select(l => $"labs.{l}"),
    ];

    private static string[] OutcomeCells(OutcomeObservation o)
    {
        static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";
        var labs = o.Labs is null ? null : JsonSerializer.SerializeToNode(o.Labs, DtSmdrlJson.Options)!.AsObject();
        return OutcomeColumns.Select(column => column switch
        {
            "patient_id" => o.PatientId,
            "observed_at" => o.ObservedAt.ToString("O", CultureInfo.InvariantCulture),
            "cycle" => o.Cycle.ToString(CultureInfo.InvariantCulture),
            "treatment_given" => o.TreatmentGiven,
            "dose_fraction" => N(o.DoseFraction),
            "died" => o.Died ? "1" : "0",
            "adverse_events" => string.Join(";", o.AdverseEvents.Select(e => $"{e.CtcaeTerm}|{e.Grade}")),
            _ when column.StartsWith("lesion_", StringComparison.Ordinal) => o.LesionDiametersMm is { } d && column[7] - '1' < d.Count ? N(d[column[7] - '1']) : "",
            _ => labs?[column["labs.".Length..]] is { } v ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString()) : "",
        }).ToArray();
    }

    private static string Csv(Random rng, string[] header, List<string[]> rows, string newline, List<string> mutations)
    {
        var columns = header.ToList();
        var body = rows.Select(r => r.ToList()).ToList();
        // Header damage: a missing, duplicated, unknown, blank or renamed column.
        if (rng.Next(8) == 0)
        {
            var c = rng.Next(columns.Count);
            switch (rng.Next(5))
            {
                case 0:
                    mutations.Add($"drop column {columns[c]}");
                    columns.RemoveAt(c);
                    body.ForEach(r => r.RemoveAt(c));
                    break;
                case 1:
                    mutations.Add($"duplicate column {columns[c]}");
                    columns.Add(columns[c]);
                    body.ForEach(r => r.Add(r[c]));
                    break;
                case 2:
                    mutations.Add("unknown column");
                    columns.Add("labs.potassium");
                    body.ForEach(r => r.Add("4.1"));
                    break;
                case 3:
                    mutations.Add($"blank column name {c}");
                    columns[c] = "";
                    break;
                default:
                    mutations.Add($"rename column {columns[c]}");
                    columns[c] = columns[c].ToUpperInvariant();
                    break;
            }
        }
        foreach (var row in body)
        {
            var edits = rng.Next(4) == 0 ? 0 : rng.Next(1, 4);
            for (var e = 0; e < edits; e++)
            {
                var c = rng.Next(row.Count);
                switch (rng.Next(6))
                {
                    case 0:
                        mutations.Add($"empty cell {c}");
                        row[c] = "";
                        break;
                    case 1:
                        mutations.Add($"drop cell {c}");
                        row.RemoveAt(c);
                        break;
                    case 2:
                        mutations.Add("extra cell");
                        row.Add("1");
                        break;
                    case 3:
                        mutations.Add($"number in cell {c}");
                        row[c] = Numbers[rng.Next(Numbers.Length)].ToString("R", CultureInfo.InvariantCulture);
                        break;
                    default:
                        mutations.Add($"text in cell {c}");
                        row[c] = Cells[rng.Next(Cells.Length)];
                        break;
                }
                if (row.Count == 0) row.Add("");
            }
        }
        var text = new StringBuilder();
        text.Append(string.Join(",", columns.Select(Quote))).Append(newline);
        foreach (var row in body) text.Append(string.Join(",", row.Select(Quote))).Append(newline);
        var csv = text.ToString();
        return rng.Next(6) == 0 ? MutateText(rng, csv, mutations) : csv;
    }

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;

    private static byte[] Encode(Random rng, string text, List<string> mutations)
    {
        byte[] bytes;
        switch (rng.Next(16))
        {
            case 0:
                mutations.Add("UTF-8 with byte-order mark");
                bytes = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)];
                break;
            case 1:
                mutations.Add("UTF-16LE with byte-order mark");
                bytes = [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)];
                break;
            case 2:
                mutations.Add("UTF-16BE with byte-order mark");
                bytes = [.. Encoding.BigEndianUnicode.GetPreamble(), .. Encoding.BigEndianUnicode.GetBytes(text)];
                break;
            case 3:
                mutations.Add("UTF-16LE without byte-order mark");
                bytes = Encoding.Unicode.GetBytes(text);
                break;
            case 4:
                mutations.Add("UTF-32LE with byte-order mark");
                bytes = [.. Encoding.UTF32.GetPreamble(), .. Encoding.UTF32.GetBytes(text)];
                break;
            case 5:
                mutations.Add("Latin-1");
                bytes = Encoding.Latin1.GetBytes(text.Replace("e", "\u00e9", StringComparison.Ordinal));
                break;
            default:
                bytes = Encoding.UTF8.GetBytes(text);
                break;
        }
        if (bytes.Length > 0 && rng.Next(6) == 0)
        {
            var flips = rng.Next(1, 4);
            for (var f = 0; f < flips; f++)
            {
                var at = rng.Next(bytes.Length);
                mutations.Add($"flip byte {at}");
                bytes[at] ^= (byte)(1 << rng.Next(8));
            }
        }
        if (bytes.Length > 0 && rng.Next(12) == 0)
        {
            var at = rng.Next(bytes.Length);
            mutations.Add($"truncate file at byte {at}");
            bytes = bytes[..at];
        }
        return bytes;
    }
}
