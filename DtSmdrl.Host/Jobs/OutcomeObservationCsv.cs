using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// Outcome observations as CSV, one row per observation. Each row is turned into the JSON a JSONL line would
/// hold and validated by the same <see cref="RecordValidator{T}"/>, so both formats accept and reject the same data.
/// Columns (any subset except the required four): patient_id, observed_at, cycle, treatment_given, dose_fraction,
/// died (true/false/1/0), lesion_1_mm … lesion_5_mm (from lesion 1 without gaps; all empty = no scan),
/// labs.collected_at and the lab values of the patient CSV (labs.anc_10e9_per_l, …), adverse_events
/// ("CTCAE term|grade;…").
/// </summary>
public sealed class OutcomeObservationCsv
{
    private static readonly string[] Known = BuildKnown();
    private readonly RecordValidator<OutcomeObservation> validator = new(OutcomeObservationContract.Instance);

    private static string[] BuildKnown() =>
    [
        "patient_id", "observed_at", "cycle", "treatment_given", "dose_fraction", "died", "adverse_events",
        .. Enumerable.Range(1, 5).Select(i => $"lesion_{i}_mm"),
        .. PatientCsvLayout.Labs.Select(l => $"labs.{l}"),
    ];

    /// <summary>Loads a file: accepted records and every error (file, line, field, reason).</summary>
    public LoadResult<OutcomeObservation> Load(string path, string displayName)
    {
        var accepted = new List<OutcomeObservation>();
        var errors = new List<RecordError>();
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { BadDataFound = null });
        if (!csv.Read() || csv.Record is null)
            throw new DataValidationException(new RecordError(displayName, 1, null, "(file)", "no header row"));
        var header = csv.Record.Select(h => h.Trim()).ToArray();
        var unknown = header.Where(h => !Known.Contains(h)).ToList();
        if (unknown.Count > 0)
            throw new DataValidationException(new RecordError(displayName, 1, null, "(file)", $"unknown columns {string.Join(", ", unknown)}; known: {string.Join(", ", Known)}"));
        if (!header.Contains("patient_id"))
            throw new DataValidationException(new RecordError(displayName, 1, null, "(file)", "the patient_id column is missing"));
        var rows = 0;
        while (csv.Read())
        {
            var cells = csv.Record ?? [];
            if (cells.All(string.IsNullOrWhiteSpace)) continue;
            rows++;
            var line = csv.RawRow;
            if (cells.Length != header.Length)
            {
                errors.Add(new RecordError(displayName, line, null, "(record)", $"{cells.Length} cells, the header has {header.Length}"));
                continue;
            }
            var record = Row(header, cells, displayName, line, errors);
            if (record is not null) accepted.Add(record);
        }
        if (rows == 0) throw new DataValidationException(new RecordError(displayName, 1, null, "(file)", "file has a header but no rows"));
        return new LoadResult<OutcomeObservation> { File = displayName, Accepted = accepted, Errors = errors, Rejected = errors.Select(e => e.Line).Distinct().Count() };
    }

    /// <summary>
    /// Validates one row given as column -> cell (the clinician page's form uses the same columns): the observation,
    /// or null with every problem added to <paramref name="errors"/> (field names as in the ingest job's rejects).
    /// </summary>
    public OutcomeObservation? Row(IReadOnlyDictionary<string, string> cells, string displayName, List<RecordError> errors)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var unknown = cells.Keys.Where(k => !Known.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown columns {string.Join(", ", unknown)}; known: {string.Join(", ", Known)}", nameof(cells));
        return Row(cells.Keys.ToArray(), cells.Values.ToArray(), displayName, 1, errors);
    }

    private OutcomeObservation? Row(string[] header, string[] cells, string displayName, long line, List<RecordError> errors)
    {
        var json = ToJson(header, cells, displayName, line, errors);
        if (json is null) return null;
        using var document = JsonDocument.Parse(json.ToJsonString());
        return validator.Validate(document.RootElement, displayName, line, errors);
    }

    private static JsonObject? ToJson(string[] header, string[] cells, string file, long line, List<RecordError> errors)
    {
        var root = new JsonObject();
        var labs = new JsonObject();
        var lesions = new SortedDictionary<int, JsonNode?>();
        var before = errors.Count;
        for (var i = 0; i < header.Length; i++)
        {
            var column = header[i];
            var cell = cells[i].Trim();
            if (cell.Length == 0) continue;
            switch (column)
            {
                case "patient_id" or "observed_at" or "treatment_given":
                    root[column] = cell;
                    break;
                case "cycle":
                    root[column] = Number(cell);
                    break;
                case "dose_fraction":
                    root[column] = Number(cell);
                    break;
                case "died":
                    root[column] = cell switch { "1" or "true" or "True" => true, "0" or "false" or "False" => false, _ => cell };
                    break;
                case "adverse_events":
                    var events = new JsonArray();
                    foreach (var item in cell.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        var parts = item.Split('|');
                        if (parts.Length != 2)
                        {
                            errors.Add(new RecordError(file, line, null, "adverse_events", $"'{item}' is not 'CTCAE term|grade'"));
                            continue;
                        }
                        events.Add(new JsonObject { ["ctcae_term"] = parts[0].Trim(), ["grade"] = Number(parts[1].Trim()) });
                    }
                    root["adverse_events"] = events;
                    break;
                case "labs.collected_at":
                    labs["collected_at"] = cell;
                    break;
                default:
                    if (column.StartsWith("lesion_", StringComparison.Ordinal))
                        lesions[int.Parse(column.AsSpan(7, 1), CultureInfo.InvariantCulture)] = Number(cell);
                    else
                        labs[column["labs.".Length..]] = Number(cell);
                    break;
            }
        }
        if (lesions.Count > 0)
        {
            if (lesions.Keys.Max() != lesions.Count)
                errors.Add(new RecordError(file, line, null, "lesion_diameters_mm", "lesion columns must be filled from lesion_1_mm without gaps"));
            root["lesion_diameters_mm"] = new JsonArray(lesions.Values.ToArray());
        }
        if (labs.Count > 0) root["labs"] = labs;
        return errors.Count == before ? root : null;
    }

    /// <summary>A JSON number when the cell parses, else the text (the schema then names the field and the expected type).</summary>
    private static JsonNode Number(string cell) =>
        long.TryParse(cell, NumberStyles.Integer, CultureInfo.InvariantCulture, out var integer) ? JsonValue.Create(integer)
        : double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) ? JsonValue.Create(real)
        : JsonValue.Create(cell);
}
