using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Data.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace DtSmdrl.Pipeline.Data.Fhir;

/// <summary>
/// FHIR R4 import: parses bundles with the Firely SDK (structure, primitive formats and cardinality
/// are checked while parsing), maps them with <see cref="FhirPatientMapper"/>, then validates each
/// record exactly like a JSONL or CSV line (<see cref="RecordValidator{T}"/>: schema, then the
/// contract's rules), placing each error on the resource the field came from.
/// <para>
/// Policy: a bundle is all or nothing. One error anywhere in it (an entry that does not parse, a
/// value that cannot be mapped, a record that fails validation) rejects every patient of that
/// bundle, because a sender's bundle is one consistent extract (a transaction, a $everything) and a
/// record built from part of it could look complete while missing what the sender meant to send.
/// Resources that the mapping does not cover are reported as "not mapped" and do not reject the
/// bundle. Bundles of one folder are independent: good bundles are kept when others fail.
/// </para>
/// </summary>
public sealed partial class FhirPatientImport
{
    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings());
    private readonly RecordValidator<PatientRecord> validator = new(PatientRecordContract.Instance);

    /// <summary>Longest bundle file read, bytes.</summary>
    public long MaxBundleBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Imports one bundle file, or every *.json file of a folder (in name order).</summary>
    public FhirImportResult Load(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal).ToList()
            : [path];
        var accepted = new List<PatientRecord>();
        var issues = new List<FhirIssue>();
        var rejectedBundles = 0;
        if (Directory.Exists(path) && files.Count == 0)
            issues.Add(new FhirIssue(path, 0, -1, null, null, "(folder)", "no *.json bundle in the folder", true));
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var bundleIssues = new List<FhirIssue>();
            var records = LoadBundle(file, bundleIssues);
            foreach (var record in records.Where(r => !ids.Add(r.PatientId)))
                bundleIssues.Add(new FhirIssue(file, 0, -1, record.PatientId, null, "Patient.identifier", "duplicate patient id: an earlier bundle has the same patient", true));
            issues.AddRange(bundleIssues);
            if (bundleIssues.Any(i => i.IsError)) rejectedBundles++;
            else accepted.AddRange(records);
        }
        return new FhirImportResult { Path = path, Bundles = files.Count, RejectedBundles = rejectedBundles, Accepted = accepted, Issues = issues };
    }

    /// <summary>The records of one bundle file (empty when any error was found); issues appended.</summary>
    public IReadOnlyList<PatientRecord> LoadBundle(string file, List<FhirIssue> issues)
    {
        if (!File.Exists(file))
        {
            issues.Add(new FhirIssue(file, 0, -1, null, null, "(file)", "file does not exist", true));
            return [];
        }
        if (new FileInfo(file).Length > MaxBundleBytes)
        {
            issues.Add(new FhirIssue(file, 0, -1, null, null, "(file)", $"file is larger than the limit of {MaxBundleBytes} bytes", true));
            return [];
        }
        var bytes = File.ReadAllBytes(file);
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            issues.Add(new FhirIssue(file, 0, -1, null, null, "(file)", "not valid UTF-8; save the bundle as UTF-8", true));
            return [];
        }
        var entries = Parse(file, text, bytes, issues);
        if (entries is null) return [];
        return MapAndValidate(file, entries, issues);
    }

    /// <summary>Maps resources that are not in a bundle file (a CDS Hooks prefetch); issues appended.</summary>
    public IReadOnlyList<PatientRecord> FromResources(string source, IEnumerable<Resource> resources, List<FhirIssue> issues) =>
        MapAndValidate(source, resources.Select((r, i) => new FhirEntry(i, 0, null, r)).ToList(), issues);

    private IReadOnlyList<PatientRecord> MapAndValidate(string file, IReadOnlyList<FhirEntry> entries, List<FhirIssue> issues)
    {
        var mapped = new FhirPatientMapper(file).Map(entries, issues);
        var records = new List<PatientRecord>();
        foreach (var m in mapped)
        {
            var errors = new List<RecordError>();
            using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(m.Record, DtSmdrlJson.Options));
            var valid = validator.Validate(document.RootElement, file, 0, errors);
            foreach (var error in errors)
            {
                var entry = SourceOf(m, error.Field);
                issues.Add(new FhirIssue(file, entry.Line, entry.Index, m.Record.PatientId, entry.Label, error.Field, error.Reason, true));
            }
            if (valid is not null) records.Add(valid);
        }
        return issues.Any(i => i.IsError) ? [] : records;
    }

    /// <summary>The entry a record field came from: the field itself, else its nearest parent, else the Patient.</summary>
    private static FhirEntry SourceOf(FhirPatientMapper.Mapped mapped, string field)
    {
        for (var f = field; f.Length > 0; f = Parent(f))
            if (mapped.Sources.TryGetValue(f, out var entry)) return entry;
        var modality = field.Split('.', '[')[0];
        return mapped.Sources.Where(p => p.Key.StartsWith(modality + ".", StringComparison.Ordinal) || p.Key.StartsWith(modality + "[", StringComparison.Ordinal))
            .Select(p => p.Value).FirstOrDefault() ?? mapped.PatientEntry;
    }

    private static string Parent(string field)
    {
        var cut = Math.Max(field.LastIndexOf('.'), field.LastIndexOf('['));
        return cut <= 0 ? "" : field[..cut];
    }

    private static List<FhirEntry>? Parse(string file, string text, byte[] bytes, List<FhirIssue> issues)
    {
        var lines = EntryLines(bytes, out var syntaxError);
        if (syntaxError is not null)
        {
            issues.Add(new FhirIssue(file, syntaxError.Value.Line, -1, null, null, "(file)", $"invalid JSON: {syntaxError.Value.Message}", true));
            return null;
        }
        Resource? resource;
        IEnumerable<CodedException>? parseIssues;
        try
        {
            Parser.TryDeserializeResource(text, out resource, out parseIssues);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            issues.Add(new FhirIssue(file, 0, -1, null, null, "(file)", $"not a FHIR resource: {e.Message}", true));
            return null;
        }
        var bundle = resource as Bundle;
        var parseErrors = false;
        foreach (var problem in parseIssues ?? [])
        {
            var extended = problem as ExtendedCodedException;
            var path = extended?.InstancePath ?? "";
            var index = EntryIndex().Match(path) is { Success: true } m ? int.Parse(m.Groups[1].Value) : -1;
            var line = extended?.LineNumber ?? (index >= 0 && index < lines.Count ? lines[index] : 0);
            var entryResource = index >= 0 && bundle is not null && index < bundle.Entry.Count ? bundle.Entry[index].Resource : null;
            var error = extended is null || extended.IssueSeverity is Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Error or Hl7.Fhir.Model.OperationOutcome.IssueSeverity.Fatal;
            parseErrors |= error;
            issues.Add(new FhirIssue(file, line, index, null, entryResource is null ? null : $"{entryResource.TypeName}/{entryResource.Id ?? "(no id)"}",
                path.Length == 0 ? "(bundle)" : path, extended?.BaseErrorMessage ?? problem.Message, error));
        }
        // A resource that did not parse cleanly may hold values its properties cannot return; the
        // bundle is rejected by its parse errors, so mapping it would only add noise.
        if (parseErrors) return null;
        if (bundle is null)
        {
            issues.Add(new FhirIssue(file, 1, -1, null, resource is null ? null : resource.TypeName, "resourceType", "expected a Bundle (collection, transaction, batch, searchset or document)", true));
            return null;
        }
        var entries = new List<FhirEntry>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var line = i < lines.Count ? lines[i] : 0;
            if (bundle.Entry[i].Resource is { } r) entries.Add(new FhirEntry(i, line, bundle.Entry[i].FullUrl, r));
            else issues.Add(new FhirIssue(file, line, i, null, null, "Bundle.entry.resource", "entry without a resource", false));
        }
        return entries;
    }

    /// <summary>The 1-based line on which each entry of the top-level "entry" array starts.</summary>
    private static List<long> EntryLines(byte[] bytes, out (long Line, string Message)? syntaxError)
    {
        var lines = new List<long>();
        syntaxError = null;
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        var inEntries = false;
        long line = 1, counted = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName) inEntries = reader.ValueTextEquals("entry"u8);
                else if (inEntries && reader.CurrentDepth == 2 && reader.TokenType == JsonTokenType.StartObject)
                {
                    var start = reader.TokenStartIndex;
                    for (; counted < start; counted++) if (bytes[counted] == (byte)'\n') line++;
                    lines.Add(line);
                }
            }
        }
        catch (JsonException e)
        {
            syntaxError = ((e.LineNumber ?? 0) + 1, e.Message.Split(" LineNumber", 2)[0]);
        }
        return lines;
    }

    [GeneratedRegex(@"entry\[(\d+)\]")]
    private static partial Regex EntryIndex();
}
