using System.Text;
using System.Text.Json;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Loading;
using DtSmdrl.Pipeline.Data.Validation;
using DtSmdrl.Pipeline.Provenance;

namespace DtSmdrl.Pipeline.Cohort;

/// <summary>A population read from a file, with the SHA-256 of the file's bytes (the manifests record it).</summary>
public sealed record PopulationRead(CohortPopulation Population, string Sha256);

/// <summary>
/// Population files (data-schemas/population.schema.json; data-schemas/README.md, "Populations"): one JSON object,
/// snake_case names as in the schema, UTF-8. Read like every other input: the file gate of <see cref="InputFile"/>, then
/// <see cref="StrictJson"/> (duplicate keys, lone surrogates, numbers beyond a double), the JSON Schema (types, ranges,
/// unknown fields), strict deserialisation, and the rules a schema cannot state (shares summing to 1, min below max,
/// known regimens). The first problem stops the read with one <see cref="DataValidationException"/> naming file, line and
/// field (the JSON path). An omitted field keeps its built-in default; the file <see cref="Write"/> gives holds them all.
/// </summary>
public static class PopulationFile
{
    /// <summary>The embedded schema's file name.</summary>
    public const string Schema = "population.schema.json";

    private static readonly JsonSerializerOptions Indented = new(DtSmdrlJson.Options) { WriteIndented = true };

    private static readonly Lazy<SchemaValidator> Validator = new(() => SchemaValidator.Load(Schema));

    /// <summary>Writes a population (all fields), indented, UTF-8 without BOM, "\n" line ends.</summary>
    public static void Write(string path, CohortPopulation population)
    {
        population.Validate();
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        File.WriteAllText(path, JsonSerializer.Serialize(population, Indented).ReplaceLineEndings("\n") + "\n", new UTF8Encoding(false));
    }

    /// <summary>Reads and validates a population file; throws <see cref="DataValidationException"/> at the first problem.</summary>
    public static PopulationRead Read(string path)
    {
        var name = path;
        byte[] bytes;
        using (var stream = InputFile.OpenUtf8(path, name))
        using (var buffer = new MemoryStream())
        {
            stream.CopyTo(buffer);
            bytes = buffer.ToArray();
        }
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Error(name, 0, "(file)", "is not valid UTF-8");
        }

        JsonDocument? document;
        StrictJson.Problem? problem;
        try
        {
            document = StrictJson.Parse(text, out problem);
        }
        catch (JsonException e)
        {
            throw Error(name, (e.LineNumber ?? -1) + 1, "(file)", $"is not valid JSON: {e.Message.Split(" LineNumber:", 2)[0].Split(" Path:", 2)[0].TrimEnd(' ', '.')}");
        }
        if (problem is not null) throw Error(name, LineOf(text, problem.Field), problem.Field, problem.Reason);

        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object)
                throw Error(name, 1, "(file)", $"expected one JSON object (a population), found {document.RootElement.ValueKind}");
            var errors = Validator.Value.Validate(document.RootElement);
            if (errors.Count > 0) throw Error(name, LineOf(text, errors[0].Field), errors[0].Field, errors[0].Message);

            CohortPopulation population;
            try
            {
                population = document.RootElement.Deserialize<CohortPopulation>(DtSmdrlJson.Options)
                    ?? throw Error(name, 1, "(file)", "is null; expected a population object");
            }
            catch (JsonException e)
            {
                var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "(record)" : e.Path.TrimStart('$').TrimStart('.');
                throw Error(name, LineOf(text, field), field, e.Message.Split(" Path:", 2)[0]);
            }
            try
            {
                population.Validate();
            }
            catch (PopulationException e)
            {
                throw Error(name, LineOf(text, e.Field), e.Field, e.Reason);
            }
            return new PopulationRead(population, ContentHash.OfBytes(bytes));
        }
    }

    private static DataValidationException Error(string file, long line, string field, string reason) =>
        new(new RecordError(file, line, null, field, reason));

    /// <summary>
    /// The 1-based line where the value at a dotted path ("clinician.pdl1_high[1].probability") starts, or where its
    /// nearest present parent starts when the field itself is absent; 1 when nothing matches.
    /// </summary>
    public static long LineOf(string text, string field)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 64 });
        var path = new List<string>();
        var indices = new Stack<int>();
        var best = (Length: -1, Offset: 0L);
        string? pendingKey = null;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        pendingKey = reader.GetString();
                        continue;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        indices.Pop();
                        if (path.Count > 0) path.RemoveAt(path.Count - 1);
                        AdvanceArray();
                        continue;
                }
                // A value starts here: its path is the parent's plus the key or the array index.
                var segment = pendingKey ?? (indices.Count > 0 && indices.Peek() >= 0 ? $"[{indices.Peek()}]" : null);
                pendingKey = null;
                var current = segment is null ? "" : Join(path, segment);
                if (field == current || field.StartsWith(current + ".", StringComparison.Ordinal) || field.StartsWith(current + "[", StringComparison.Ordinal))
                    if (current.Length > best.Length) best = (current.Length, reader.TokenStartIndex);
                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    path.Add(current);
                    indices.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                }
                else AdvanceArray();
            }
        }
        catch (JsonException)
        {
            // Malformed JSON is reported by the parser with its own line.
        }
        return best.Length < 0 ? 1 : 1 + bytes.AsSpan(0, (int)best.Offset).Count((byte)'\n');

        void AdvanceArray()
        {
            if (indices.Count > 0 && indices.Peek() >= 0) indices.Push(indices.Pop() + 1);
        }
    }

    private static string Join(List<string> path, string segment)
    {
        var parent = path.Count == 0 ? "" : path[^1];
        if (segment.StartsWith('[')) return parent + segment;
        return parent.Length == 0 ? segment : parent + "." + segment;
    }
}
