using System.Text.Json;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// A hook call's body (CDS Hooks 2.0): hook, hookInstance, context, prefetch and, when the EHR grants one, the
/// FHIR server with an access token. The token lives only in this object for the length of the call: it is
/// never stored or logged.
/// </summary>
public sealed class CdsHookRequest
{
    public required string Hook { get; init; }

    public required string HookInstance { get; init; }

    public required string PatientId { get; init; }

    public required JsonElement Context { get; init; }

    /// <summary>Prefetch key -> the EHR's FHIR JSON (null when the EHR sent the key as null: "no data").</summary>
    public required IReadOnlyDictionary<string, JsonElement?> Prefetch { get; init; }

    public string? FhirServer { get; init; }

    public string? AccessToken { get; init; }

    /// <summary>Parses and checks the body; throws <see cref="CdsHookException"/> 400 naming the field.</summary>
    public static CdsHookRequest Parse(JsonElement body, string expectedHook)
    {
        if (body.ValueKind != JsonValueKind.Object) throw Bad("(body)", "the request body must be a JSON object");
        var hook = Text(body, "hook") ?? throw Bad("hook", "required");
        if (hook != expectedHook) throw Bad("hook", $"'{hook}' is not the hook of this service ('{expectedHook}')");
        var instance = Text(body, "hookInstance") ?? throw Bad("hookInstance", "required");
        if (!Guid.TryParse(instance, out _)) throw Bad("hookInstance", "must be a UUID");
        if (!body.TryGetProperty("context", out var context) || context.ValueKind != JsonValueKind.Object) throw Bad("context", "required, an object");
        var patient = Text(context, "patientId") ?? throw Bad("context.patientId", "required");

        var prefetch = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        if (body.TryGetProperty("prefetch", out var p))
        {
            if (p.ValueKind != JsonValueKind.Object) throw Bad("prefetch", "must be an object");
            foreach (var item in p.EnumerateObject())
                prefetch[item.Name] = item.Value.ValueKind == JsonValueKind.Null ? null : item.Value.Clone();
        }

        string? server = null, token = null;
        if (body.TryGetProperty("fhirAuthorization", out var auth) && auth.ValueKind == JsonValueKind.Object)
        {
            token = Text(auth, "access_token") ?? throw Bad("fhirAuthorization.access_token", "required when fhirAuthorization is given");
            server = Text(body, "fhirServer") ?? throw Bad("fhirServer", "required when fhirAuthorization is given");
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
                throw Bad("fhirServer", "must be an absolute http(s) URL");
        }
        return new CdsHookRequest
        {
            Hook = hook, HookInstance = instance, PatientId = patient, Context = context.Clone(), Prefetch = prefetch,
            FhirServer = server, AccessToken = token,
        };
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } s ? s : null;

    private static CdsHookException Bad(string field, string reason) => new(400, $"{field}: {reason}");
}
