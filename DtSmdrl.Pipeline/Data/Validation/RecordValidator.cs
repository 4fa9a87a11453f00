using System.Text.Json;

namespace DtSmdrl.Pipeline.Data.Validation;

/// <summary>
/// Validates one JSON record against its contract: the schema first (structure, types, ranges,
/// vocabularies), then the contract's semantic rules. A semantic rule's message replaces the
/// schema's message for the same field because it says more (e.g. which unit was probably used).
/// </summary>
public sealed class RecordValidator<T>(IRecordContract<T> contract) where T : class
{
    private readonly SchemaValidator schema = SchemaValidator.Load(contract.SchemaFile);

    public IRecordContract<T> Contract => contract;

    /// <summary>Returns the record when valid; otherwise null and the errors (file and line filled in).</summary>
    public T? Validate(JsonElement element, string file, long line, List<RecordError> errors, bool validateSchema = true)
    {
        var id = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("patient_id", out var idElement)
            && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
        var schemaErrors = validateSchema ? schema.Validate(element) : [];

        T? record = null;
        try
        {
            record = element.Deserialize<T>(DtSmdrlJson.Options);
        }
        catch (JsonException e) when (schemaErrors.Count > 0)
        {
            _ = e; // the schema errors already say what is wrong
        }
        catch (JsonException e)
        {
            errors.Add(new RecordError(file, line, id, e.Path is { Length: > 1 } p ? SchemaValidator.ToFieldPath(p.Replace('.', '/').TrimStart('$')) : "(record)", e.Message));
            return null;
        }

        var semantic = record is null ? [] : contract.Check(record).ToList();
        var before = errors.Count;
        foreach (var (field, message) in schemaErrors)
        {
            if (semantic.Any(s => s.Field == field || s.Field.StartsWith(field + ".", StringComparison.Ordinal) || s.Field.StartsWith(field + "[", StringComparison.Ordinal)))
                continue;
            errors.Add(new RecordError(file, line, id, field, message));
        }
        foreach (var (field, reason) in semantic)
            errors.Add(new RecordError(file, line, id, field, reason));
        return errors.Count == before ? record : null;
    }
}
