using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using CsvHelper.Configuration;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;

namespace DtSmdrl.Pipeline.Data.Loading;

/// <summary>
/// Reads and writes patient records in the wide CSV layout (<see cref="PatientCsvLayout"/>). Reading
/// turns each row into the JSON form and validates it exactly like a JSONL line, so both loaders
/// accept and reject the same data with the same messages.
/// </summary>
public sealed class PatientCsv
{
    private static readonly UTF8Encoding Strict = new(false, true);
    private static readonly string[] Integers = ["clinical.ecog", "clinical.prior_lines"];
    private static readonly string[] Texts = ["clinical.sex", "clinical.tumour_type", "clinical.stage", "labs.collected_at", "omics.collected_at", "imaging.acquired_at"];
    private readonly RecordValidator<PatientRecord> validator = new(PatientRecordContract.Instance);

    /// <summary>Streams the accepted records of a CSV file; errors as in <see cref="JsonLinesLoader{T}"/>.</summary>
    public IEnumerable<PatientRecord> Stream(string path, LoadOptions? options, Action<RecordError> onError) =>
        StreamWithLines(path, options, onError).Select(r => r.Record);

    /// <summary>As <see cref="Stream"/>, with the row line of each record.</summary>
    public IEnumerable<(long Line, PatientRecord Record)> StreamWithLines(string path, LoadOptions? options, Action<RecordError> onError)
    {
        options ??= new LoadOptions();
        var file = options.DisplayName ?? path;
        using var reader = new StreamReader(InputFile.OpenUtf8(path, file), Strict, detectEncodingFromByteOrderMarks: false);
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { MaxFieldSize = options.MaxRecordBytes, BadDataFound = null };
        using var csv = new CsvParser(reader, config);
        string[] header;
        try
        {
            if (!csv.Read()) throw new DataValidationException(new RecordError(file, 1, null, "(file)", "no header row"));
            header = csv.Record ?? [];
        }
        catch (DecoderFallbackException)
        {
            throw new DataValidationException(new RecordError(file, 1, null, "(file)", "not valid UTF-8; save the file as UTF-8"));
        }
        CheckHeader(header, file);

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var errors = new List<RecordError>();
        var rows = 0;
        while (true)
        {
            string[]? cells;
            long line;
            try
            {
                if (!csv.Read()) break;
                cells = csv.Record;
                line = csv.RawRow;
            }
            catch (DecoderFallbackException)
            {
                throw new DataValidationException(new RecordError(file, csv.RawRow + 1, null, "(file)", "not valid UTF-8 from here on; save the file as UTF-8"));
            }
            catch (CsvHelper.MaxFieldSizeException)
            {
                throw new DataValidationException(new RecordError(file, csv.RawRow, null, "(record)", $"a field is longer than the limit of {options.MaxRecordBytes} characters"));
            }
            if (cells is null || cells.All(string.IsNullOrWhiteSpace)) continue;
            rows++;
            errors.Clear();
            var record = cells.Any(c => c.Contains('\0'))
                ? Reject(errors, new RecordError(file, line, null, "(record)", InputFile.NulReason))
                : ParseRow(header, cells, file, line, errors);
            if (record is not null && !ids.Add(record.PatientId))
            {
                errors.Add(new RecordError(file, line, record.PatientId, "patient_id", "duplicate patient id: an earlier row has the same id"));
                record = null;
            }
            foreach (var error in errors)
            {
                if (options.Mode == LoadMode.FailFast) throw new DataValidationException(error);
                onError(error);
            }
            if (record is not null) yield return (line, record);
        }
        if (rows == 0) throw new DataValidationException(new RecordError(file, 1, null, "(file)", "file has a header but no rows"));
    }

    /// <summary>Loads the whole file.</summary>
    public LoadResult<PatientRecord> Load(string path, LoadOptions? options = null)
    {
        var errors = new List<RecordError>();
        var accepted = StreamWithLines(path, options, errors.Add).ToList();
        return new LoadResult<PatientRecord>
        {
            File = options?.DisplayName ?? path,
            Accepted = accepted.Select(a => a.Record).ToList(),
            AcceptedLines = accepted.Select(a => a.Line).ToList(),
            Errors = errors,
            Rejected = errors.Select(e => e.Line).Distinct().Count(),
        };
    }

    private static PatientRecord? Reject(List<RecordError> errors, RecordError error)
    {
        errors.Add(error);
        return null;
    }

    private static void CheckHeader(string[] header, string file)
    {
        if (header.Any(h => h.Contains('\0')))
            throw new DataValidationException(new RecordError(file, 1, null, "(file)", InputFile.NulReason));
        var blank = Array.FindIndex(header, string.IsNullOrWhiteSpace);
        if (blank >= 0)
            throw new DataValidationException(new RecordError(file, 1, null, "(file)", $"header column {blank + 1} has no name"));
        if (!header.Contains(PatientCsvLayout.PatientId))
            throw new DataValidationException(new RecordError(file, 1, null, PatientCsvLayout.PatientId, "required column 'patient_id' is missing from the header"));
        var known = PatientCsvLayout.Header.ToHashSet(StringComparer.Ordinal);
        foreach (var column in header)
            if (!known.Contains(column))
                throw new DataValidationException(new RecordError(file, 1, null, column, $"unknown column '{column}' (see data-schemas/README.md for the layout)"));
        var duplicate = header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new DataValidationException(new RecordError(file, 1, null, duplicate.Key, $"column '{duplicate.Key}' appears more than once"));
    }

    private PatientRecord? ParseRow(string[] header, string[] cells, string file, long line, List<RecordError> errors)
    {
        var before = errors.Count;
        var cell = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var c = 0; c < header.Length; c++)
            cell[header[c]] = c < cells.Length ? cells[c].Trim() : "";
        // A short row is a truncated one, as for the outcome CSV: refused, never read as empty cells.
        if (cells.Length != header.Length)
            errors.Add(new RecordError(file, line, null, "(record)", $"row has {cells.Length} cells but the header has {header.Length} columns"));
        var id = cell.GetValueOrDefault(PatientCsvLayout.PatientId, "");
        void Fail(string field, string reason) => errors.Add(new RecordError(file, line, id.Length > 0 ? id : null, field, reason));

        var root = new JsonObject { ["patient_id"] = id };
        JsonObject? Modality(string name, IEnumerable<string> columns)
        {
            var present = columns.Where(c => cell.GetValueOrDefault(c, "").Length > 0).ToList();
            return present.Count == 0 ? null : new JsonObject();
        }

        JsonNode? Value(string column)
        {
            var text = cell.GetValueOrDefault(column, "");
            if (text.Length == 0) return null;
            if (Texts.Contains(column)) return JsonValue.Create(text);
            if (column == "omics.ugt1a1_poor_metaboliser" || column.StartsWith("omics.mut.", StringComparison.Ordinal))
            {
                if (text is "1" or "true" or "TRUE" or "True") return JsonValue.Create(true);
                if (text is "0" or "false" or "FALSE" or "False") return JsonValue.Create(false);
                Fail(column, $"'{text}' is not a yes/no value (use 1/0 or true/false)");
                return null;
            }
            if (CsvNumber.Parse(text, out var reason) is not { } number)
            {
                Fail(column, reason!);
                return null;
            }
            if (Integers.Contains(column) && number == Math.Floor(number) && Math.Abs(number) < CsvNumber.MaxExactInteger) return JsonValue.Create((long)number);
            return JsonValue.Create(number);
        }

        var clinicalColumns = PatientCsvLayout.Clinical.Select(f => "clinical." + f).ToList();
        if (Modality("clinical", clinicalColumns) is { } clinical)
        {
            foreach (var f in PatientCsvLayout.Clinical)
                if (Value("clinical." + f) is { } v) clinical[f] = v;
            root["clinical"] = clinical;
        }
        var labColumns = PatientCsvLayout.Labs.Select(f => "labs." + f).ToList();
        if (Modality("labs", labColumns) is { } labs)
        {
            foreach (var f in PatientCsvLayout.Labs)
                if (Value("labs." + f) is { } v) labs[f] = v;
            root["labs"] = labs;
        }
        var omicsColumns = header.Where(h => h.StartsWith("omics.", StringComparison.Ordinal)).ToList();
        if (Modality("omics", omicsColumns) is { } omics)
        {
            foreach (var f in PatientCsvLayout.OmicsScalars)
                if (Value("omics." + f) is { } v) omics[f] = v;
            var mutations = new JsonObject();
            foreach (var gene in Catalogs.SomaticGenes)
                if (Value("omics.mut." + gene) is { } v) mutations[gene] = v;
            var expression = new JsonObject();
            foreach (var gene in Catalogs.ExpressionGenes)
                if (Value("omics.expr." + gene) is { } v) expression[gene] = v;
            if (mutations.Count > 0) omics["somatic_mutations"] = mutations;
            if (expression.Count > 0) omics["expression_log2_tpm"] = expression;
            root["omics"] = omics;
        }
        var imagingColumns = header.Where(h => h.StartsWith("imaging.", StringComparison.Ordinal)).ToList();
        if (Modality("imaging", imagingColumns) is { } imaging)
        {
            if (Value("imaging.acquired_at") is { } at) imaging["acquired_at"] = at;
            var lesions = new JsonArray();
            var gap = false;
            for (var i = 1; i <= PatientCsvLayout.MaxLesions; i++)
            {
                var column = $"imaging.lesion_{i}_mm";
                if (cell.GetValueOrDefault(column, "").Length == 0)
                {
                    gap = true;
                    continue;
                }
                if (gap) Fail(column, "lesion columns must be filled from imaging.lesion_1_mm on, without gaps");
                if (Value(column) is { } v) lesions.Add(v);
            }
            imaging["lesion_diameters_mm"] = lesions;
            var radiomics = new JsonObject();
            foreach (var name in Catalogs.RadiomicsFeatures)
                if (Value("imaging.radiomics." + name) is { } v) radiomics[name] = v;
            if (radiomics.Count > 0) imaging["radiomics"] = radiomics;
            root["imaging"] = imaging;
        }
        if (cell.GetValueOrDefault(PatientCsvLayout.SignalSamples, "") is { Length: > 0 } signalText)
            root["signals"] = new JsonObject { ["samples"] = ParseSamples(signalText, Fail) };
        if (cell.GetValueOrDefault(PatientCsvLayout.HistoryCourses, "") is { Length: > 0 } historyText)
            root["history"] = new JsonObject { ["courses"] = ParseCourses(historyText, Fail) };
        if (cell.GetValueOrDefault(PatientCsvLayout.Note, "") is { Length: > 0 } note)
            root["note"] = note;

        if (errors.Count > before) return null;
        var element = JsonSerializer.SerializeToElement(root);
        return validator.Validate(element, file, line, errors);
    }

    private static JsonArray ParseSamples(string text, Action<string, string> fail)
    {
        var samples = new JsonArray();
        string[] channels = ["timestamp", "heart_rate_bpm", "steps", "sleep_hours", "spo2_pct"];
        var entries = text.Split(';', StringSplitOptions.RemoveEmptyEntries);
        for (var s = 0; s < entries.Length; s++)
        {
            var parts = entries[s].Split('|');
            if (parts.Length != channels.Length)
            {
                fail($"{PatientCsvLayout.SignalSamples}[{s}]", $"expected {channels.Length} '|'-separated values (timestamp|heart_rate_bpm|steps|sleep_hours|spo2_pct), got {parts.Length}");
                continue;
            }
            var sample = new JsonObject { ["timestamp"] = parts[0].Trim() };
            for (var k = 1; k < channels.Length; k++)
            {
                var part = parts[k].Trim();
                if (part.Length == 0) continue;
                if (CsvNumber.Parse(part, out var reason) is { } v) sample[channels[k]] = v;
                else fail($"{PatientCsvLayout.SignalSamples}[{s}].{channels[k]}", reason!);
            }
            samples.Add(sample);
        }
        return samples;
    }

    private static JsonArray ParseCourses(string text, Action<string, string> fail)
    {
        var courses = new JsonArray();
        if (text == PatientCsvLayout.NoCourses) return courses;
        var entries = text.Split(';', StringSplitOptions.RemoveEmptyEntries);
        for (var c = 0; c < entries.Length; c++)
        {
            var parts = entries[c].Split('|');
            if (parts.Length != 4)
            {
                fail($"{PatientCsvLayout.HistoryCourses}[{c}]", $"expected 4 '|'-separated values (regimen|dose_fraction|start|end), got {parts.Length}");
                continue;
            }
            var course = new JsonObject { ["regimen"] = parts[0].Trim(), ["start"] = parts[2].Trim() };
            if (CsvNumber.Parse(parts[1].Trim(), out var reason) is { } dose) course["dose_fraction"] = dose;
            else fail($"{PatientCsvLayout.HistoryCourses}[{c}].dose_fraction", reason!);
            if (parts[3].Trim().Length > 0) course["end"] = parts[3].Trim();
            courses.Add(course);
        }
        return courses;
    }

    /// <summary>Writes records in the wide layout (the inverse of reading).</summary>
    public static void Write(TextWriter writer, IEnumerable<PatientRecord> records)
    {
        using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture), leaveOpen: true);
        foreach (var column in PatientCsvLayout.Header) csv.WriteField(column);
        csv.NextRecord();
        foreach (var record in records)
        {
            foreach (var cell in Cells(record)) csv.WriteField(cell);
            csv.NextRecord();
        }
    }

    /// <summary>One record's cells in header order.</summary>
    public static IEnumerable<string> Cells(PatientRecord r)
    {
        var node = JsonSerializer.SerializeToNode(r, DtSmdrlJson.Options)!.AsObject();
        string Text(JsonNode? n) => n switch
        {
            null => "",
            JsonValue v when v.TryGetValue<bool>(out var b) => b ? "1" : "0",
            JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
            JsonValue v => v.GetValue<string>(),
            _ => n.ToJsonString(),
        };
        JsonNode? At(string modality, string field) => node[modality]?[field];

        foreach (var column in PatientCsvLayout.Header)
        {
            var parts = column.Split('.');
            yield return column switch
            {
                PatientCsvLayout.PatientId => r.PatientId,
                PatientCsvLayout.Note => r.Note ?? "",
                PatientCsvLayout.SignalSamples => r.Signals is null ? "" : string.Join(";", r.Signals.Samples.Select(s =>
                    string.Join("|", s.Timestamp.ToString("O", CultureInfo.InvariantCulture), N(s.HeartRateBpm), N(s.Steps), N(s.SleepHours), N(s.Spo2Pct)))),
                PatientCsvLayout.HistoryCourses => r.History is null ? "" : r.History.Courses.Count == 0 ? PatientCsvLayout.NoCourses : string.Join(";", r.History.Courses.Select(c =>
                    string.Join("|", c.Regimen, N(c.DoseFraction), c.Start.ToString("O", CultureInfo.InvariantCulture), c.End?.ToString("O", CultureInfo.InvariantCulture) ?? ""))),
                _ when column.StartsWith("omics.mut.", StringComparison.Ordinal) => Text(node["omics"]?["somatic_mutations"]?[parts[2]]),
                _ when column.StartsWith("omics.expr.", StringComparison.Ordinal) => Text(node["omics"]?["expression_log2_tpm"]?[parts[2]]),
                _ when column.StartsWith("imaging.radiomics.", StringComparison.Ordinal) => Text(node["imaging"]?["radiomics"]?[parts[2]]),
                _ when column.StartsWith("imaging.lesion_", StringComparison.Ordinal) => LesionCell(r, column),
                _ => Text(At(parts[0], parts[1])),
            };
        }
    }

    private static string LesionCell(PatientRecord r, string column)
    {
        var index = int.Parse(column["imaging.lesion_".Length..column.IndexOf("_mm", StringComparison.Ordinal)], CultureInfo.InvariantCulture) - 1;
        var lesions = r.Imaging?.LesionDiametersMm;
        return lesions is not null && index < lesions.Count ? N(lesions[index]) : "";
    }

    private static string N(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
}
