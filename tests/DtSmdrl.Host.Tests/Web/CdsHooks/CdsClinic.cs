using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Storage;
using DtSmdrl.Host.Web.CdsHooks;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Records;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Web.CdsHooks;

/// <summary>
/// A web host with CDS Hooks on, one test issuer, two patients in the store and, for the first, a model row and
/// a stored recommendation whose regimen scores are set by the test (the cards only read stored rows).
/// </summary>
internal sealed class CdsClinic : IAsyncDisposable
{
    public const string SandboxOrigin = "https://sandbox.cds-hooks.test";

    private CdsClinic(TestDatabase db, TestWebHost web, TestIssuer issuer, IReadOnlyList<PatientRecord> patients, long recommendationId)
    {
        Db = db;
        Web = web;
        Issuer = issuer;
        Patients = patients;
        RecommendationId = recommendationId;
    }

    public TestDatabase Db { get; }

    public TestWebHost Web { get; }

    public TestIssuer Issuer { get; }

    /// <summary>[0] has a recommendation; [1] is in the store without one.</summary>
    public IReadOnlyList<PatientRecord> Patients { get; }

    public long RecommendationId { get; }

    /// <summary>Scores of the stored recommendation: immuno recommended; chemo_full critical; chemo_reduced warning.</summary>
    public static IReadOnlyList<RegimenScore> Scores { get; } =
    [
        new("immuno", true, 0.3, 0.1, 0.4, 0.12, 0.36, 0.11, 0.30),
        new("targeted", true, 0.2, 0.1, 0.2, 0.08, 0.20, 0.09, 0.15),
        new("chemo_full", true, 0.4, 0.5, 0.45, 0.6, 0.43, 0.56, 0.10),
        new("chemo_reduced", true, 0.3, 0.3, 0.35, 0.36, 0.33, 0.34, 0.12),
        new("hold", true, 0.0, 0.0, 0.02, 0.01, 0.01, 0.01, 0.0),
    ];

    public static async Task<CdsClinic> StartAsync(Dictionary<string, string?>? extra = null, TestIssuer? issuer = null)
    {
        issuer ??= new TestIssuer();
        var db = TestDatabase.Create("sqlite");
        var settings = new Dictionary<string, string?>
        {
            ["CdsHooks:Enabled"] = "true",
            ["CdsHooks:Issuers:0:Issuer"] = issuer.Issuer,
            ["CdsHooks:Issuers:0:Jwks"] = issuer.Jwks(),
            ["CdsHooks:CorsOrigins:0"] = SandboxOrigin,
            ["CdsHooks:TimeBudgetMilliseconds"] = "2000",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        var web = await TestWebHost.StartAsync(db, settings, CdsHooksEndpoints.Extensions());
        var patients = new SyntheticCohortGenerator(new CohortOptions { Size = 12, Seed = 21, MissingnessScale = 0 }).Generate().Select(p => p.Observed).Take(2).ToList();
        var database = web.App.Services.GetRequiredService<Database>();   // migrated at start
        long id = 0;
        database.Write(t =>
        {
            patients.ForEach(p => PatientStore.Upsert(t, p, database.NowMs));
            var version = ModelStore.Register(t, "supervised-twin", "/nonexistent/model.zip", new string('0', 64), "{}", "{}", ModelStatus.Promoted, "test", database.NowMs);
            var plan = new JsonArray(new JsonObject { ["cycle"] = 1, ["regimen"] = "immuno" }, new JsonObject { ["cycle"] = 2, ["regimen"] = "immuno" });
            id = RecommendationStore.Append(t, new StoredRecommendation(0, patients[0].PatientId, database.NowMs, "batch", version, null, plan.ToJsonString(),
                JsonSerializer.Serialize(Scores, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }),
                0.36, 0.11, 0.8, 0.82, """{"text":"test"}""", new string('1', 64)));
        });
        return new CdsClinic(db, web, issuer, patients, id);
    }

    public string Url(string path) => new Uri(Web.Address, path).ToString();

    /// <summary>POSTs JSON with a bearer token (a valid one for the URL unless given).</summary>
    public async Task<(int Status, JsonNode? Body, HttpResponseMessage Response)> PostAsync(string path, string body, string? token = "", string? origin = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        token = token == "" ? Issuer.Token(Url(path)) : token;
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (origin is not null) request.Headers.Add("Origin", origin);
        var response = await Web.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text), response);
    }

    /// <summary>A patient-view request for a stored record, with the prefetch its FHIR bundle gives.</summary>
    public static JsonObject PatientView(PatientRecord record, bool prefetch = true, Action<Bundle>? edit = null) =>
        Request(CdsServiceCatalog.PatientViewHook, record, prefetch, edit, new JsonObject());

    public static JsonObject Request(string hook, PatientRecord record, bool prefetch, Action<Bundle>? edit, JsonObject context)
    {
        var bundle = PatientRecordFhirWriter.ToBundle(record);
        edit?.Invoke(bundle);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        // As an EHR would send it: references by Patient/id, searchsets per prefetch key.
        PrefetchBundles.ReferToPatient(bundle.Entry.Select(e => e.Resource!), patient);
        context["userId"] = "Practitioner/example";
        context["patientId"] = patient.Id;
        var request = new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = context,
        };
        if (prefetch)
        {
            request["prefetch"] = PrefetchBundles.From(patient, bundle.Entry.Select(e => e.Resource!).ToList(), r => $"https://ehr.test/fhir/{r.TypeName}/{r.Id}");
        }
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await Web.DisposeAsync();
        Db.Dispose();
    }
}
