using System.Text.Json;
using Json.Schema;

namespace DtSmdrl.Pipeline.Data.Validation;

/// <summary>
/// Validates JSON against the embedded data-schemas (draft 2020-12) and turns the evaluation into
/// field-level messages ("labs.anc_10e9_per_l: value 1500 is above the maximum 100").
/// </summary>
public sealed class SchemaValidator
{
    public const string PatientRecordSchema = "patient-record.schema.json";
    public const string OutcomeObservationSchema = "outcome-observation.schema.json";
    public const string RecommendationSchema = "recommendation.schema.json";

    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private readonly JsonSchema schema;

    private SchemaValidator(string name, JsonSchema schema)
    {
        Name = name;
        this.schema = schema;
    }

    /// <summary>The schema file name.</summary>
    public string Name { get; }

    /// <summary>Loads one of the schemas embedded in this assembly.</summary>
    public static SchemaValidator Load(string schemaFile)
    {
        var text = ReadEmbedded(schemaFile);
        // A private registry: the global one refuses a second schema with the same $id.
        var options = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        return new SchemaValidator(schemaFile, JsonSchema.FromText(text, options));
    }

    /// <summary>The text of an embedded schema.</summary>
    public static string ReadEmbedded(string schemaFile)
    {
        var assembly = typeof(SchemaValidator).Assembly;
        using var stream = assembly.GetManifestResourceStream("DtSmdrl.Schemas." + schemaFile)
            ?? throw new FileNotFoundException($"Schema '{schemaFile}' is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Field path and message of every leaf failure; empty when the instance is valid.</summary>
    public IReadOnlyList<(string Field, string Message)> Validate(JsonElement instance)
    {
        var results = schema.Evaluate(instance, Evaluation);
        if (results.IsValid) return [];
        var errors = new List<(string, string)>();
        var seen = new HashSet<string>();
        foreach (var detail in results.Details ?? [])
        {
            if (detail.Errors is null) continue;
            foreach (var (keyword, message) in detail.Errors)
            {
                // oneOf wrappers repeat their branches' failures; the leaf keywords say what is wrong.
                if (keyword is "oneOf" or "anyOf" or "$ref") continue;
                var field = ToFieldPath(detail.InstanceLocation.ToString());
                // additionalProperties: false evaluates the extra field against the "false" schema.
                var text = message.Contains("false schema", StringComparison.Ordinal)
                    ? "unknown field: not part of the schema (check the spelling and data-schemas/README.md)"
                    : $"{message} ({keyword})";
                if (seen.Add(field + "\u0000" + text)) errors.Add((field, text));
            }
        }
        // A null-or-object branch failing on "type: null" only says the value was not null; drop it
        // when a more specific error for the same field exists.
        var specific = errors.Where(e => !e.Item2.EndsWith("(type)", StringComparison.Ordinal) || !e.Item2.Contains("null", StringComparison.Ordinal)).ToList();
        return specific.Count > 0 ? specific : errors;
    }

    /// <summary>"/labs/anc_10e9_per_l" -> "labs.anc_10e9_per_l"; "/imaging/lesion_diameters_mm/2" -> "imaging.lesion_diameters_mm[2]".</summary>
    public static string ToFieldPath(string pointer)
    {
        if (string.IsNullOrEmpty(pointer) || pointer == "/" || pointer == "#") return "(record)";
        var parts = pointer.TrimStart('#').Trim('/').Split('/');
        var path = new System.Text.StringBuilder();
        foreach (var raw in parts)
        {
            var part = raw.Replace("~1", "/").Replace("~0", "~");
            if (part.Length > 0 && part.All(char.IsAsciiDigit)) path.Append('[').Append(part).Append(']');
            else
            {
                if (path.Length > 0) path.Append('.');
                path.Append(part);
            }
        }
        return path.ToString();
    }
}
