using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data;
using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Records;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// Answers the two hooks from what the jobs stored: the patient's record, its latest twin posterior version
/// and the current model's newest recommendation. Nothing is computed per call (the recommend-batch job does
/// that); the call maps the EHR's FHIR data with the FHIR import to say whether the store is behind the EHR. In cluster
/// mode (<paramref name="cluster"/> registered) the recommendation comes from the patient's twin grain's state.
/// </summary>
public sealed class CdsHooksService(Database database, PrefetchResolver prefetch, IOptions<CdsHooksOptions> options, ILogger<CdsHooksService> logger,
    PatientFanOut? cluster = null)
{
    private readonly CdsHooksOptions settings = options.Value;

    public async Task<JsonObject> AnswerAsync(string hook, CdsHookRequest request, string baseUrl, CancellationToken cancel)
    {
        var fhir = await prefetch.ResolveAsync(request, cancel);
        var notes = fhir.Missing.Select(k => $"Prefetch '{k}' was not available: the EHR's data was not compared with the stored record.").ToList();
        var patientId = fhir.Patient.Identifier.FirstOrDefault(i => i.System == PatientRecordFhirWriter.PatientIdSystem)?.Value ?? fhir.Patient.Id ?? request.PatientId;

        var issues = new List<FhirIssue>();
        var mapped = new FhirPatientImport().FromResources("prefetch", fhir.Resources, issues);
        cancel.ThrowIfCancellationRequested();

        var (stored, model, latestPosterior) = database.Read(c => (
            PatientStore.Get(c, patientId)?.Record,
            ModelStore.Current(c),
            (int?)Sql.ToLong(c.Scalar("SELECT MAX(version) FROM twin_posteriors WHERE patient_id = @p", ("@p", patientId))) is var v && v > 0 ? v : null));
        if (stored is null)
        {
            logger.LogInformation("CDS Hooks {Hook} call for a patient not in the store: no cards", hook);
            return new JsonObject { ["cards"] = new JsonArray() };
        }

        var errors = issues.Count(i => i.IsError);
        if (errors > 0) notes.Add($"{errors} problem(s) in the EHR's FHIR data kept it from being compared with the stored record (first: {issues.First(i => i.IsError).Element}: {issues.First(i => i.IsError).Reason}).");
        // Only a full prefetch is compared: a template the EHR did not send would look like data the EHR lacks.
        else if (fhir.Missing.Count == 0 && mapped.SingleOrDefault(r => r.PatientId == patientId) is { } fromEhr && Differences(fromEhr, stored) is { Count: > 0 } changed)
            notes.Add($"The EHR has data the twin has not seen ({string.Join(", ", changed)}): import it (`dtsmdrl patients import --fhir`) for the twin to use it.");

        var current = model is null ? null : await CurrentRecommendation(patientId, model.Version, cancel);
        var stale = current is not null && current.PosteriorVersion != latestPosterior;
        var input = new CardInput(request.PatientId, $"{baseUrl.TrimEnd('/')}/patients/{Uri.EscapeDataString(patientId)}", current, model, stale, notes);
        logger.LogInformation("CDS Hooks {Hook} answered from recommendation {RecommendationId} (stale {Stale}, EHR notes {Notes})", hook, current?.Id, stale, notes.Count);
        return hook == CdsServiceCatalog.PatientViewHook
            ? CdsCards.PatientView(input, settings)
            : CdsCards.OrderSelect(input, SelectedOrders(request), settings);
    }

    /// <summary>
    /// The newest recommendation of the current model: from the twin grain's state in cluster mode (when it holds one of
    /// that model), else from the store.
    /// </summary>
    private async Task<StoredRecommendation?> CurrentRecommendation(string patientId, int modelVersion, CancellationToken cancel)
    {
        if (cluster is not null && await cluster.Twin(patientId).RecommendAsync().WaitAsync(cancel) is { } fromGrain && fromGrain.ModelVersion == modelVersion)
            return fromGrain;
        return database.Read(c => RecommendationStore.ForPatient(c, patientId)).LastOrDefault(r => r.ModelVersion == modelVersion);
    }

    /// <summary>The modalities whose content differs between the EHR's mapped record and the stored one.</summary>
    public static IReadOnlyList<string> Differences(PatientRecord fromEhr, PatientRecord stored)
    {
        var a = JsonSerializer.SerializeToNode(fromEhr, DtSmdrlJson.Options)!.AsObject();
        var b = JsonSerializer.SerializeToNode(stored, DtSmdrlJson.Options)!.AsObject();
        return Catalogs.Modalities.Where(m => !JsonNode.DeepEquals(a[m], b[m])).ToList();
    }

    /// <summary>The selected draft MedicationRequests coded with a regimen (order-select context).</summary>
    public static IReadOnlyList<(string ResourceId, string Regimen)> SelectedOrders(CdsHookRequest request)
    {
        if (!request.Context.TryGetProperty("selections", out var selections) || selections.ValueKind != JsonValueKind.Array)
            throw new CdsHookException(400, "context.selections: required for order-select, an array of resource references");
        if (!request.Context.TryGetProperty("draftOrders", out var drafts) || drafts.ValueKind != JsonValueKind.Object)
            throw new CdsHookException(400, "context.draftOrders: required for order-select, a FHIR Bundle");
        var selected = selections.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).ToHashSet(StringComparer.Ordinal);
        var orders = new List<(string, string)>();
        foreach (var resource in PrefetchResolver.Parse("draftOrders", drafts.GetRawText()).OfType<MedicationRequest>())
        {
            var reference = "MedicationRequest/" + resource.Id;
            var regimen = (resource.Medication as CodeableConcept)?.Coding.FirstOrDefault(c => c.System == FhirCodes.RegimenSystem)?.Code;
            if (selected.Contains(reference) && regimen is not null) orders.Add((reference, regimen));
        }
        return orders;
    }
}
