using System.Net.Http.Headers;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>The FHIR resources of a call, and what could not be had.</summary>
public sealed record PrefetchResult(IReadOnlyList<Resource> Resources, Patient Patient, IReadOnlyList<string> Missing);

/// <summary>
/// Gets the FHIR data of a hook call: each prefetch template from the request's prefetch, else from the EHR's
/// FHIR server with the access token it granted (within the call's time budget). Without the required Patient
/// and without a token to fetch it, the call is answered 412 (CDS Hooks 2.0, "Prefetch").
/// </summary>
public sealed class PrefetchResolver(IHttpClientFactory http)
{
    public const string HttpClientName = "cds-hooks-fhir";

    private static readonly FhirJsonDeserializer Parser = new(new DeserializerSettings());

    public async Task<PrefetchResult> ResolveAsync(CdsHookRequest request, CancellationToken cancel)
    {
        var resources = new List<Resource>();
        var missing = new List<string>();
        Patient? patient = null;
        foreach (var (key, template) in CdsServiceCatalog.Prefetch)
        {
            string? json = null;
            if (request.Prefetch.TryGetValue(key, out var given))
            {
                if (given is null) continue;   // the EHR says: no such data
                json = given.Value.GetRawText();
            }
            else if (request.AccessToken is not null)
                json = await FetchAsync(request, template, cancel);
            if (json is null)
            {
                if (key == CdsServiceCatalog.RequiredPrefetch)
                    throw new CdsHookException(412, request.AccessToken is null
                        ? "prefetch 'patient' is missing and the request grants no FHIR access token (fhirAuthorization) to read it"
                        : "the Patient could not be read from the FHIR server");
                missing.Add(key);
                continue;
            }
            foreach (var resource in Parse(key, json))
            {
                if (resource is Patient p) patient ??= p;
                resources.Add(resource);
            }
        }
        if (patient is null) throw new CdsHookException(412, "prefetch 'patient' holds no Patient resource");
        if (patient.Id is { } id && id != request.PatientId)
            throw new CdsHookException(400, $"prefetch.patient: Patient/{id} is not context.patientId");
        return new PrefetchResult(resources, patient, missing);
    }

    /// <summary>The resources of one prefetch value: a resource, or the entries of a (search) Bundle.</summary>
    public static IReadOnlyList<Resource> Parse(string key, string json)
    {
        if (!Parser.TryDeserializeResource(json, out var resource, out var issues) || resource is null)
        {
            var first = issues?.FirstOrDefault()?.Message ?? "not a FHIR resource";
            throw new CdsHookException(400, $"prefetch.{key}: {first}");
        }
        return resource is Bundle bundle ? bundle.Entry.Where(e => e.Resource is not null).Select(e => e.Resource!).ToList() : [resource];
    }

    private async Task<string?> FetchAsync(CdsHookRequest request, string template, CancellationToken cancel)
    {
        var query = template.Replace("{{context.patientId}}", Uri.EscapeDataString(request.PatientId), StringComparison.Ordinal);
        using var message = new HttpRequestMessage(HttpMethod.Get, request.FhirServer!.TrimEnd('/') + "/" + query);
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", request.AccessToken);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
        try
        {
            using var response = await http.CreateClient(HttpClientName).SendAsync(message, cancel);
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancel) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
        {
            return null;   // the client's own timeout, not the call's budget: that template is not available
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
