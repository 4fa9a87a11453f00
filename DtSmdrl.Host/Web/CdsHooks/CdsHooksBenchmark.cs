using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Fhir;
using DtSmdrl.Pipeline.Data.Records;
using DtSmdrl.Pipeline.Study;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>Latency of one hook over loopback HTTP, client side (token check, prefetch mapping, store reads, cards).</summary>
/// <param name="Hook">patient-view or order-select.</param>
/// <param name="Calls">Timed calls.</param>
/// <param name="P50Milliseconds">Median latency.</param>
/// <param name="P95Milliseconds">95th percentile latency.</param>
/// <param name="MaxMilliseconds">Slowest call.</param>
/// <param name="OverBudget">Timed calls answered 503 because they ran over CdsHooks:TimeBudgetMilliseconds (their time is included).</param>
public sealed record CdsHookTiming(string Hook, int Calls, double P50Milliseconds, double P95Milliseconds, double MaxMilliseconds, int OverBudget);

/// <summary>
/// Times CDS Hooks calls the way an EHR makes them, for patients whose twin is up to date: a synthetic cohort,
/// a trained and promoted model, patients imported and recommended (what the recommend-batch job does), then
/// sequential patient-view and order-select calls with full FHIR prefetch and a fresh ES384 token each, on a
/// real Kestrel host on 127.0.0.1 with a throw-away SQLite store.
/// </summary>
public static class CdsHooksBenchmark
{
    public const string Issuer = "https://bench-ehr.invalid";

    public static IReadOnlyList<CdsHookTiming> Run(int patients = 20, int calls = 200, int seed = 11, IProgress<string>? progress = null)
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-bench-cds-").FullName;
        try
        {
            return RunIn(folder, patients, calls, seed, progress);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static IReadOnlyList<CdsHookTiming> RunIn(string folder, int patientCount, int calls, int seed, IProgress<string>? progress)
    {
        var cohort = Path.Combine(folder, "cohort");
        CohortFolder.Write(cohort, new SyntheticCohortGenerator(new CohortOptions { Size = 160, Seed = seed }));
        var key = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "bench" };
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(key);
        var jwks = JsonSerializer.Serialize(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, crv = jwk.Crv, x = jwk.X, y = jwk.Y, use = "sig" } } });
        var settings = new Dictionary<string, string?>
        {
            ["Store:Provider"] = "sqlite",
            ["Store:ConnectionString"] = $"Data Source={Path.Combine(folder, "store.db")}",
            ["Web:Urls"] = "http://127.0.0.1:0",
            ["Engine:ModelFolder"] = Path.Combine(folder, "models"),
            ["Engine:CohortFolder"] = cohort,
            ["Engine:MinimumPatientsPerRegimen"] = "10",
            ["Logging:LogLevel:Default"] = "Warning",
            ["CdsHooks:Enabled"] = "true",
            ["CdsHooks:Issuers:0:Issuer"] = Issuer,
            ["CdsHooks:Issuers:0:Jwks"] = jwks,
        };
        var app = DtSmdrlWebHost.Build(overrides: settings, extensions: CdsHooksEndpoints.Extensions());
        DtSmdrlWebHost.ValidateAll(app);
        app.StartAsync().GetAwaiter().GetResult();
        try
        {
            progress?.Report("training the model");
            app.Services.GetRequiredService<ModelRegistry>().Train(cohort, alwaysPromote: true);
            var database = app.Services.GetRequiredService<Database>();
            var records = CohortFolder.Load(cohort).InSplit(CohortSplit.Test).Take(patientCount).Select(p => p.Observed).ToList();
            database.Write(t => records.ForEach(r => PatientStore.Upsert(t, r, database.NowMs)));
            progress?.Report($"recommending {records.Count} patients");
            var recommender = app.Services.GetRequiredService<Recommender>();
            foreach (var r in records) recommender.Recommend(r.PatientId, "batch");

            using var client = new HttpClient { BaseAddress = DtSmdrlWebHost.BoundAddress(app) };
            var requests = records.Select(r => (PatientView: Example(CdsServiceCatalog.PatientViewHook, r), OrderSelect: Example(CdsServiceCatalog.OrderSelectHook, r))).ToList();
            var timings = new List<CdsHookTiming>();
            foreach (var (hook, id) in new[] { (CdsServiceCatalog.PatientViewHook, CdsServiceCatalog.PatientViewId), (CdsServiceCatalog.OrderSelectHook, CdsServiceCatalog.OrderSelectId) })
            {
                var path = "/cds-services/" + id;
                var audience = new Uri(client.BaseAddress, path).ToString();
                var times = new List<double>();
                var overBudget = 0;
                for (var i = -20; i < calls; i++)   // 20 warm-up calls (JIT, connection, caches) are not timed
                {
                    var body = (hook == CdsServiceCatalog.PatientViewHook ? requests[Math.Abs(i) % requests.Count].PatientView : requests[Math.Abs(i) % requests.Count].OrderSelect).ToJsonString();
                    using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                    message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(key, audience));
                    var clock = Stopwatch.StartNew();
                    using var response = client.Send(message);
                    _ = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
                    clock.Stop();
                    if (i < 0) continue;
                    if ((int)response.StatusCode == 503) overBudget++;
                    else if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"bench {hook} call answered {(int)response.StatusCode}");
                    times.Add(clock.Elapsed.TotalMilliseconds);
                }
                times.Sort();
                timings.Add(new CdsHookTiming(hook, times.Count, Percentile(times, 0.50), Percentile(times, 0.95), times[^1], overBudget));
            }
            return timings;
        }
        finally
        {
            app.StopAsync().GetAwaiter().GetResult();
            app.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    /// <summary>
    /// A hook request as an EHR sends it for a record: context, and the prefetch of every template as searchset
    /// bundles of the record's FHIR resources (references by Patient/id); order-select orders chemo_full.
    /// </summary>
    public static JsonObject Example(string hook, PatientRecord record)
    {
        var bundle = PatientRecordFhirWriter.ToBundle(record);
        var resources = bundle.Entry.Select(e => e.Resource!).ToList();
        var patient = resources.OfType<Patient>().Single();
        PrefetchBundles.ReferToPatient(resources, patient);
        var reference = "Patient/" + patient.Id;
        var context = new JsonObject { ["userId"] = "Practitioner/example", ["patientId"] = patient.Id };
        if (hook == CdsServiceCatalog.OrderSelectHook)
        {
            var order = new MedicationRequest
            {
                Id = "draft-1", Status = MedicationRequest.MedicationrequestStatus.Draft, Intent = MedicationRequest.MedicationRequestIntent.Order,
                Medication = new CodeableConcept(FhirCodes.RegimenSystem, "chemo_full"), Subject = new ResourceReference(reference),
            };
            context["selections"] = new JsonArray("MedicationRequest/draft-1");
            context["draftOrders"] = JsonNode.Parse(new Bundle { Type = Bundle.BundleType.Collection, Entry = [new Bundle.EntryComponent { Resource = order }] }.ToJson());
        }
        return new JsonObject
        {
            ["hook"] = hook,
            ["hookInstance"] = Guid.NewGuid().ToString(),
            ["context"] = context,
            ["prefetch"] = PrefetchBundles.From(patient, resources),
        };
    }

    private static string Token(SecurityKey key, string audience)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = audience, IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha384),
        });
    }

    private static double Percentile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
}
