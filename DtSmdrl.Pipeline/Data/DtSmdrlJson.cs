using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DtSmdrl.Pipeline.Data;

/// <summary>The one JSON setting for every data contract: snake_case names, nulls omitted, ISO-8601 times.</summary>
public static class DtSmdrlJson
{
    /// <summary>Serializer options shared by readers, writers and tests.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>For internal files (ground truth, manifests) whose numbers may be NaN ("not given").</summary>
    public static JsonSerializerOptions Internal { get; } = new(Create()) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
            NumberHandling = JsonNumberHandling.Strict,
            // A JSON null for a property the record declares non-nullable (a list, a dictionary, a required text) is an
            // error, not a null that later code trips over.
            RespectNullableAnnotations = true,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = false,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
