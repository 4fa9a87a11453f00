using System.Text.Json.Nodes;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>The two services of the discovery document and their prefetch templates.</summary>
public static class CdsServiceCatalog
{
    public const string PatientViewId = "dtsmdrl-patient-view";
    public const string OrderSelectId = "dtsmdrl-order-select";
    public const string PatientViewHook = "patient-view";
    public const string OrderSelectHook = "order-select";

    public static IReadOnlyList<string> Hooks { get; } = [PatientViewHook, OrderSelectHook];

    /// <summary>Prefetch key -> FHIR query; "patient" is required, the others complete the EHR-vs-store comparison.</summary>
    public static IReadOnlyDictionary<string, string> Prefetch { get; } = new Dictionary<string, string>
    {
        ["patient"] = "Patient/{{context.patientId}}",
        ["conditions"] = "Condition?patient={{context.patientId}}&category=problem-list-item",
        ["observations"] = "Observation?patient={{context.patientId}}&_sort=-date&_count=500",
        ["medicationAdministrations"] = "MedicationAdministration?patient={{context.patientId}}",
        ["medicationRequests"] = "MedicationRequest?patient={{context.patientId}}",
        ["medicationHistory"] = "List?patient={{context.patientId}}&code=http://loinc.org|10160-0",
        ["notes"] = "DocumentReference?patient={{context.patientId}}&type=http://loinc.org|34109-9",
    };

    public const string RequiredPrefetch = "patient";

    /// <summary>The hook a service id answers, or null.</summary>
    public static string? HookOf(string serviceId) => serviceId switch
    {
        PatientViewId => PatientViewHook,
        OrderSelectId => OrderSelectHook,
        _ => null,
    };

    public static JsonObject Discovery()
    {
        JsonObject Templates() => new(Prefetch.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        return new JsonObject
        {
            ["services"] = new JsonArray(
                new JsonObject
                {
                    ["hook"] = PatientViewHook,
                    ["id"] = PatientViewId,
                    ["title"] = "DT-SMDRL twin recommendation",
                    ["description"] = "The digital twin's current treatment plan with P(objective response), P(severe toxicity), CVaR and confidence. Research software, not a medical device.",
                    ["prefetch"] = Templates(),
                    ["usageRequirements"] = "The patient must be in the DT-SMDRL store (dtsmdrl patients import) and the recommend-batch job must have run.",
                },
                new JsonObject
                {
                    ["hook"] = OrderSelectHook,
                    ["id"] = OrderSelectId,
                    ["title"] = "DT-SMDRL toxicity and CVaR check",
                    ["description"] = "Checks the selected regimen order against the twin's forecast of severe toxicity and suggests safer alternatives. Research software, not a medical device.",
                    ["prefetch"] = Templates(),
                    ["usageRequirements"] = "Orders are recognised when coded with the regimen code system " + Pipeline.Data.Fhir.FhirCodes.RegimenSystem + ".",
                }),
        };
    }
}
