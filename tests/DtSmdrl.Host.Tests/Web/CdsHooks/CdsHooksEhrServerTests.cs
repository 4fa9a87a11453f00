using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Web.CdsHooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Tests.Web.CdsHooks;

/// <summary>
/// Against a local test EHR on 127.0.0.1: the issuer's JWKS is fetched from its URL, and a call without
/// prefetch but with fhirAuthorization reads the Patient and the searches from the EHR's FHIR server with the
/// granted token, which is never stored.
/// </summary>
[TestClass]
public sealed class CdsHooksEhrServerTests
{
    private sealed class TestEhr : IAsyncDisposable
    {
        public WebApplication App { get; }
        public ConcurrentQueue<(string Path, string Authorization)> Requests { get; } = new();
        public Uri Address { get; }

        private TestEhr(WebApplication app)
        {
            App = app;
            Address = new Uri(app.Urls.First());
        }

        public static async Task<TestEhr> StartAsync(TestIssuer issuer, JsonObject prefetch, TimeSpan? delay = null)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            TestEhr? ehr = null;
            app.MapGet("/jwks", () => Results.Text(issuer.Jwks(), "application/json"));
            app.MapGet("/fhir/{**path}", async (HttpContext http, string path) =>
            {
                if (delay is { } d) await Task.Delay(d, http.RequestAborted);
                ehr!.Requests.Enqueue((path + http.Request.QueryString, http.Request.Headers.Authorization.ToString()));
                var type = path.Split('/', '?')[0];
                var key = type switch
                {
                    "Patient" => "patient",
                    "Condition" => "conditions",
                    "Observation" => "observations",
                    "MedicationAdministration" => "medicationAdministrations",
                    "MedicationRequest" => "medicationRequests",
                    "List" => "medicationHistory",
                    _ => "notes",
                };
                return Results.Text(prefetch[key]!.ToJsonString(), "application/fhir+json");
            });
            await app.StartAsync();
            ehr = new TestEhr(app);
            return ehr;
        }

        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task JwksFromTheIssuersUrlAndPrefetchFetchedWithTheGrantedToken()
    {
        var issuer = new TestIssuer();
        var withPrefetch = CdsClinic.PatientView(new Pipeline.Cohort.SyntheticCohortGenerator(new Pipeline.Cohort.CohortOptions { Size = 12, Seed = 21, MissingnessScale = 0 }).Generate().First().Observed);
        await using var ehr = await TestEhr.StartAsync(issuer, withPrefetch["prefetch"]!.AsObject());
        await using var clinic = await CdsClinic.StartAsync(new()
        {
            ["CdsHooks:Issuers:0:Jwks"] = null,
            ["CdsHooks:Issuers:0:JwksUrl"] = new Uri(ehr.Address, "/jwks").ToString(),
        }, issuer);
        const string secret = "access-token-3f9c0b1e-never-stored";
        var request = CdsClinic.PatientView(clinic.Patients[0], prefetch: false);
        request["fhirServer"] = new Uri(ehr.Address, "/fhir").ToString();
        request["fhirAuthorization"] = new JsonObject { ["access_token"] = secret, ["token_type"] = "Bearer", ["expires_in"] = 300, ["scope"] = "patient/*.read", ["subject"] = "dtsmdrl" };

        var (status, body, _) = await clinic.PostAsync("/cds-services/" + CdsServiceCatalog.PatientViewId, request.ToJsonString());

        Assert.AreEqual(200, status, body?.ToJsonString());
        StringAssert.Contains((string?)body!["cards"]![0]!["summary"], "immuno");
        Assert.IsFalse(((string)body["cards"]![0]!["detail"]!).Contains("was not available", StringComparison.Ordinal), "every template was fetched");
        Assert.AreEqual(CdsServiceCatalog.Prefetch.Count, ehr.Requests.Count);
        Assert.IsTrue(ehr.Requests.All(r => r.Authorization == "Bearer " + secret));
        Assert.IsTrue(ehr.Requests.Any(r => r.Path.StartsWith("Patient/", StringComparison.Ordinal)));

        // The token is in no table of the store.
        await clinic.Web.App.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in Directory.EnumerateFiles(clinic.Db.Folder, "*", SearchOption.AllDirectories))
            Assert.IsFalse(File.ReadAllText(file).Contains(secret, StringComparison.Ordinal), file);
    }

    [TestMethod]
    public async Task ACallOverItsTimeBudgetIs503()
    {
        var issuer = new TestIssuer();
        var record = new Pipeline.Cohort.SyntheticCohortGenerator(new Pipeline.Cohort.CohortOptions { Size = 12, Seed = 21, MissingnessScale = 0 }).Generate().First().Observed;
        await using var ehr = await TestEhr.StartAsync(issuer, CdsClinic.PatientView(record)["prefetch"]!.AsObject(), delay: TimeSpan.FromSeconds(3));
        await using var clinic = await CdsClinic.StartAsync(new() { ["CdsHooks:TimeBudgetMilliseconds"] = "300" }, issuer);
        var request = CdsClinic.PatientView(clinic.Patients[0], prefetch: false);
        request["fhirServer"] = new Uri(ehr.Address, "/fhir").ToString();
        request["fhirAuthorization"] = new JsonObject { ["access_token"] = "t", ["token_type"] = "Bearer" };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (status, body, _) = await clinic.PostAsync("/cds-services/" + CdsServiceCatalog.PatientViewId, request.ToJsonString());

        Assert.AreEqual(503, status);
        Assert.AreEqual("timeout", (string?)body!["issue"]![0]!["code"]);
        StringAssert.Contains((string?)body["issue"]![0]!["diagnostics"], "time budget of 300 ms");
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(2), $"answered after {clock.Elapsed}, not after the slow EHR");
    }

    [TestMethod]
    public void EnabledWithoutIssuersOrWithBothKeySourcesIsAConfigurationError()
    {
        var validator = new CdsHooksOptionsValidator();
        var none = validator.Validate(null, new CdsHooksOptions { Enabled = true });
        StringAssert.Contains(none.FailureMessage, "CdsHooks:Issuers: at least one issuer is required");
        var both = validator.Validate(null, new CdsHooksOptions { Issuers = [new CdsIssuer { Issuer = "x", Jwks = "{}", JwksUrl = "https://x/jwks" }] });
        StringAssert.Contains(both.FailureMessage, "CdsHooks:Issuers:0: give exactly one of JwksUrl or Jwks");
        var order = validator.Validate(null, new CdsHooksOptions { ToxicityWarning = 0.6, ToxicityCritical = 0.4 });
        StringAssert.Contains(order.FailureMessage, "ToxicityCritical must not be below");
        Assert.IsTrue(validator.Validate(null, new CdsHooksOptions()).Succeeded, "off by default, nothing required");
    }

    [TestMethod]
    public async Task ServeStopsWithAConfigurationErrorWhenCdsHooksIsEnabledWithoutIssuers()
    {
        using var db = TestDatabase.Create("sqlite");
        var ex = await Assert.ThrowsExactlyAsync<OptionsValidationException>(() => TestWebHost.StartAsync(db, new() { ["CdsHooks:Enabled"] = "true" }, CdsHooksEndpoints.Extensions()));
        StringAssert.Contains(ex.Message, "CdsHooks:Issuers");
    }
}
