using System.Text.Json;
using System.Text.Json.Serialization;

namespace DtSmdrl.Pipeline.Twin;

/// <summary>Writes an <see cref="ActionSet"/> as a JSON array of its actions and reads it back through the validating constructor.</summary>
public sealed class ActionSetJsonConverter : JsonConverter<ActionSet>
{
    public override ActionSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        new(JsonSerializer.Deserialize<List<TreatmentAction>>(ref reader, options) ?? throw new JsonException("An action set must be a JSON array of actions."));

    public override void Write(Utf8JsonWriter writer, ActionSet value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToList(), options);
}
