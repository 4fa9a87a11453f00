using System.Text.Json.Nodes;
using DtSmdrl.Host.Storage;
using DtSmdrl.Host.Web.CdsHooks;
using Hl7.Fhir.Model;

namespace DtSmdrl.Host.Tests.Web.CdsHooks;

/// <summary>
/// Conformance checks modelled on the public CDS Hooks test kits: discovery shape, each hook with and without
/// prefetch, the card rules, the 400/401/412 paths with an OperationOutcome, the JWT failures and feedback.
/// </summary>
[TestClass]
public sealed class CdsHooksConformanceTests
{
    private static CdsClinic clinic = null!;
    private const string PatientView = "/cds-services/" + CdsServiceCatalog.PatientViewId;
    private const string OrderSelect = "/cds-services/" + CdsServiceCatalog.OrderSelectId;

    [ClassInitialize]
    public static async System.Threading.Tasks.Task Start(TestContext _) => clinic = await CdsClinic.StartAsync();

    [ClassCleanup]
    public static async System.Threading.Tasks.Task Stop() => await clinic.DisposeAsync();

    private static void AssertOutcome(JsonNode? body, string code, string contains)
    {
        Assert.AreEqual("OperationOutcome", (string?)body?["resourceType"]);
        Assert.AreEqual("error", (string?)body!["issue"]![0]!["severity"]);
        Assert.AreEqual(code, (string?)body["issue"]![0]!["code"]);
        StringAssert.Contains((string?)body["issue"]![0]!["diagnostics"], contains);
    }

    private static void AssertCardRules(JsonNode card)
    {
        var summary = (string)card["summary"]!;
        Assert.IsTrue(summary.Length is > 0 and < 140, summary);
        CollectionAssert.Contains(new[] { "info", "warning", "critical" }, (string?)card["indicator"]);
        Assert.IsFalse(string.IsNullOrWhiteSpace((string?)card["source"]?["label"]));
        Assert.IsTrue(Guid.TryParse((string?)card["uuid"], out _));
        StringAssert.Contains((string?)card["detail"], "research software, not a medical device");
        foreach (var link in card["links"]!.AsArray())
        {
            Assert.AreEqual("absolute", (string?)link!["type"]);
            Assert.IsTrue(Uri.TryCreate((string?)link["url"], UriKind.Absolute, out _));
        }
        if (card["suggestions"] is JsonArray suggestions)
        {
            CollectionAssert.Contains(new[] { "at-most-one", "any" }, (string?)card["selectionBehavior"]);
            foreach (var s in suggestions)
            {
                Assert.IsTrue(Guid.TryParse((string?)s!["uuid"], out _));
                Assert.IsFalse(string.IsNullOrWhiteSpace((string?)s["label"]));
                foreach (var action in s["actions"]!.AsArray())
                    CollectionAssert.Contains(new[] { "create", "update", "delete" }, (string?)action!["type"]);
            }
        }
    }

    [TestMethod]
    public async System.Threading.Tasks.Task DiscoveryListsBothServicesWithPrefetchTemplates()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cds-services");
        request.Headers.Add("Origin", CdsClinic.SandboxOrigin);
        var response = await clinic.Web.Client.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.AreEqual(200, (int)response.StatusCode);
        Assert.AreEqual(CdsClinic.SandboxOrigin, response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var services = body["services"]!.AsArray();
        CollectionAssert.AreEquivalent(new[] { "patient-view", "order-select" }, services.Select(s => (string?)s!["hook"]).ToArray());
        foreach (var service in services)
        {
            foreach (var field in new[] { "id", "title", "description" }) Assert.IsFalse(string.IsNullOrWhiteSpace((string?)service![field]), field);
            Assert.AreEqual("Patient/{{context.patientId}}", (string?)service!["prefetch"]!["patient"]);
            StringAssert.StartsWith((string?)service["prefetch"]!["observations"], "Observation?patient={{context.patientId}}");
        }

        using var other = new HttpRequestMessage(HttpMethod.Options, "/cds-services/" + CdsServiceCatalog.PatientViewId);
        other.Headers.Add("Origin", "https://elsewhere.test");
        Assert.IsFalse((await clinic.Web.Client.SendAsync(other)).Headers.Contains("Access-Control-Allow-Origin"));
    }

    [TestMethod]
    public async System.Threading.Tasks.Task PatientViewWithPrefetchAnswersTheStoredRecommendation()
    {
        var record = clinic.Patients[0];
        var (status, body, _) = await clinic.PostAsync(PatientView, CdsClinic.PatientView(record).ToJsonString());

        Assert.AreEqual(200, status, body?.ToJsonString());
        var card = body!["cards"]!.AsArray().Single()!;
        AssertCardRules(card);
        Assert.AreEqual(CardIds.For("patient-view", clinic.RecommendationId).ToString(), (string?)card["uuid"]);
        StringAssert.Contains((string?)card["summary"], "immuno");
        Assert.AreEqual("info", (string?)card["indicator"]);
        StringAssert.Contains((string?)card["detail"], "| P(severe toxicity) over the plan | 11 %");
        Assert.IsFalse(((string)card["detail"]!).Contains("has data the twin has not seen", StringComparison.Ordinal), "prefetch equals the stored record");
        StringAssert.EndsWith((string?)card["links"]![0]!["url"], "/patients/" + record.PatientId);
        var create = card["suggestions"]![0]!["actions"]![0]!;
        Assert.AreEqual("MedicationRequest", (string?)create["resource"]!["resourceType"]);
        Assert.AreEqual("immuno", (string?)create["resource"]!["medicationCodeableConcept"]!["coding"]![0]!["code"]);
    }

    [TestMethod]
    public async System.Threading.Tasks.Task PatientViewSaysWhenTheEhrHasNewerData()
    {
        var request = CdsClinic.PatientView(clinic.Patients[0], edit: b =>
        {
            var anc = b.Entry.Select(e => e.Resource).OfType<Observation>().First(o => o.Code.Coding[0].Code == "751-8");
            ((Quantity)anc.Value!).Value += 1;
        });
        var (status, body, _) = await clinic.PostAsync(PatientView, request.ToJsonString());

        Assert.AreEqual(200, status);
        StringAssert.Contains((string?)body!["cards"]![0]!["detail"], "The EHR has data the twin has not seen (labs)");
    }

    [TestMethod]
    public async System.Threading.Tasks.Task PatientViewWithoutRecommendationOrOutsideTheStore()
    {
        var (status, body, _) = await clinic.PostAsync(PatientView, CdsClinic.PatientView(clinic.Patients[1]).ToJsonString());
        Assert.AreEqual(200, status);
        var card = body!["cards"]![0]!;
        AssertCardRules(card);
        StringAssert.Contains((string?)card["summary"], "no recommendation");

        var stranger = clinic.Patients[0] with { PatientId = "NOT-STORED-1" };
        (status, body, _) = await clinic.PostAsync(PatientView, CdsClinic.PatientView(stranger).ToJsonString());
        Assert.AreEqual(200, status);
        Assert.AreEqual(0, body!["cards"]!.AsArray().Count);
    }

    [TestMethod]
    public async System.Threading.Tasks.Task APrefetchKeySentAsNullOrLeftOutIsNotAnError()
    {
        var request = CdsClinic.PatientView(clinic.Patients[0]);
        request["prefetch"]!["notes"] = null;                      // the EHR: no such data
        request["prefetch"]!.AsObject().Remove("observations");    // the EHR did not prefetch it, and grants no token

        var (status, body, _) = await clinic.PostAsync(PatientView, request.ToJsonString());

        Assert.AreEqual(200, status, body?.ToJsonString());
        var detail = (string)body!["cards"]![0]!["detail"]!;
        StringAssert.Contains(detail, "Prefetch 'observations' was not available");
        Assert.IsFalse(detail.Contains("'notes'", StringComparison.Ordinal));
        Assert.IsFalse(detail.Contains("has data the twin has not seen", StringComparison.Ordinal), "a partial prefetch is not compared");
    }

    [TestMethod]
    public async System.Threading.Tasks.Task WithoutPrefetchAndWithoutAnAccessTokenIs412()
    {
        var (status, body, _) = await clinic.PostAsync(PatientView, CdsClinic.PatientView(clinic.Patients[0], prefetch: false).ToJsonString());

        Assert.AreEqual(412, status);
        AssertOutcome(body, "incomplete", "prefetch 'patient' is missing");
    }

    [TestMethod]
    [DataRow("not json", "(body): not JSON")]
    [DataRow("""{"hook":"patient-view","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea"}""", "context: required")]
    [DataRow("""{"hook":"patient-view","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","context":{}}""", "context.patientId: required")]
    [DataRow("""{"hook":"order-select","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","context":{"patientId":"x"}}""", "hook: 'order-select' is not the hook of this service")]
    [DataRow("""{"hook":"patient-view","hookInstance":"1","context":{"patientId":"x"}}""", "hookInstance: must be a UUID")]
    [DataRow("""{"hook":"patient-view","hookInstance":"d1577c69-dfbe-44ad-ba6d-3e05e953b2ea","context":{"patientId":"x"},"prefetch":{"patient":{"resourceType":"Patient","gender":"unknown-gender"}}}""", "prefetch.patient")]
    public async System.Threading.Tasks.Task MalformedRequestsAre400WithAnOperationOutcome(string body, string reason)
    {
        var (status, outcome, _) = await clinic.PostAsync(PatientView, body);

        Assert.AreEqual(400, status, outcome?.ToJsonString());
        AssertOutcome(outcome, "invalid", reason);
    }

    [TestMethod]
    public async System.Threading.Tasks.Task AnUnknownServiceIs404()
    {
        var (status, body, _) = await clinic.PostAsync("/cds-services/no-such-service", "{}");
        Assert.AreEqual(404, status);
        AssertOutcome(body, "not-found", "no CDS service 'no-such-service'");
    }

    private static JsonObject OrderSelectRequest(string regimen, bool drafts = true)
    {
        var order = new MedicationRequest
        {
            Id = "draft-1", Status = MedicationRequest.MedicationrequestStatus.Draft, Intent = MedicationRequest.MedicationRequestIntent.Order,
            Medication = new CodeableConcept(Pipeline.Data.Fhir.FhirCodes.RegimenSystem, regimen), Subject = new ResourceReference("Patient/x"),
        };
        var context = new JsonObject { ["selections"] = new JsonArray("MedicationRequest/draft-1") };
        if (drafts)
            context["draftOrders"] = JsonNode.Parse(Hl7.Fhir.Serialization.PocoSerializationExtensions.ToJson(
                new Bundle { Type = Bundle.BundleType.Collection, Entry = [new Bundle.EntryComponent { Resource = order }] }, false));
        return CdsClinic.Request("order-select", clinic.Patients[0], true, null, context);
    }

    [TestMethod]
    public async System.Threading.Tasks.Task OrderSelectWarnsAboutARiskyRegimenWithSaferSuggestions()
    {
        var (status, body, _) = await clinic.PostAsync(OrderSelect, OrderSelectRequest("chemo_full").ToJsonString());

        Assert.AreEqual(200, status, body?.ToJsonString());
        var card = body!["cards"]!.AsArray().Single()!;
        AssertCardRules(card);
        Assert.AreEqual("critical", (string?)card["indicator"]);
        StringAssert.Contains((string?)card["summary"], "chemo_full has a 56 % forecast risk of severe toxicity");
        var suggestions = card["suggestions"]!.AsArray();
        CollectionAssert.AreEqual(new[] { "immuno", "targeted" }, suggestions.Select(s => (string?)s!["actions"]![1]!["resource"]!["medicationCodeableConcept"]!["coding"]![0]!["code"]).ToArray());
        Assert.AreEqual("MedicationRequest/draft-1", (string?)suggestions[0]!["actions"]![0]!["resourceId"]![0]);

        (status, body, _) = await clinic.PostAsync(OrderSelect, OrderSelectRequest("chemo_reduced").ToJsonString());
        Assert.AreEqual("warning", (string?)body!["cards"]![0]!["indicator"]);
        (status, body, _) = await clinic.PostAsync(OrderSelect, OrderSelectRequest("immuno").ToJsonString());
        Assert.AreEqual(200, status);
        Assert.AreEqual(0, body!["cards"]!.AsArray().Count, "under the limits: no card");
    }

    [TestMethod]
    public async System.Threading.Tasks.Task OrderSelectWithoutDraftOrdersIs400()
    {
        var (status, body, _) = await clinic.PostAsync(OrderSelect, OrderSelectRequest("chemo_full", drafts: false).ToJsonString());
        Assert.AreEqual(400, status);
        AssertOutcome(body, "invalid", "context.draftOrders");
    }

    [TestMethod]
    public async System.Threading.Tasks.Task EveryJwtFailureIsAClear401()
    {
        var body = CdsClinic.PatientView(clinic.Patients[0]).ToJsonString();
        var aud = clinic.Url(PatientView);
        var unknown = new TestIssuer { Issuer = "https://rogue.test" };
        var cases = new (string? Token, string Reason)[]
        {
            (null, "no bearer token"),
            ("not-a-jwt", "not a JWT"),
            (clinic.Issuer.Token(clinic.Url(OrderSelect)), "aud is not this endpoint"),
            (clinic.Issuer.Token(aud, age: TimeSpan.FromMinutes(10)), "the token has expired"),
            (unknown.Token(aud), "issuer 'https://rogue.test' is not on the allowlist"),
            (clinic.Issuer.Unsigned(aud), "alg 'none' is refused"),
            (clinic.Issuer.Hmac(aud), "alg 'HS256' is refused"),
            (clinic.Issuer.Token(aud, alg: "ES256"), "alg 'ES256' is refused"),
            (clinic.Issuer.Token(aud, otherKey: true), "the signature does not verify"),
            (clinic.Issuer.Token(aud, lifetime: TimeSpan.FromHours(1)), "lives longer than 300 s"),
            (clinic.Issuer.Token(aud, age: TimeSpan.FromMinutes(-10)), "iat is in the future"),
        };
        foreach (var (token, reason) in cases)
        {
            var (status, outcome, response) = await clinic.PostAsync(PatientView, body, token);
            Assert.AreEqual(401, status, reason);
            AssertOutcome(outcome, "security", reason);
            StringAssert.StartsWith(response.Headers.WwwAuthenticate.ToString(), "Bearer error=\"invalid_token\"");
        }
    }

    [TestMethod]
    public async System.Threading.Tasks.Task BothAlgorithmsAreAcceptedAndAReplayedJtiIsRefused()
    {
        var body = CdsClinic.PatientView(clinic.Patients[0]).ToJsonString();
        var rs = clinic.Issuer.Token(clinic.Url(PatientView), alg: "RS384");
        Assert.AreEqual(200, (await clinic.PostAsync(PatientView, body, rs)).Status);

        var (status, outcome, _) = await clinic.PostAsync(PatientView, body, rs);
        Assert.AreEqual(401, status);
        AssertOutcome(outcome, "security", "jti was already used");
    }

    [TestMethod]
    public async System.Threading.Tasks.Task FeedbackWritesAcceptedAndOverriddenCardsToTheAudit()
    {
        var decisions = new RecommendationDecisionStore(clinic.Db.Database);
        var patient = clinic.Patients[0].PatientId;
        var before = decisions.ListForPatient(patient).Count;
        var card = CardIds.For("patient-view", clinic.RecommendationId).ToString();
        var feedback = new JsonObject
        {
            ["feedback"] = new JsonArray(
                new JsonObject { ["card"] = card, ["outcome"] = "accepted", ["acceptedSuggestions"] = new JsonArray(new JsonObject { ["id"] = "s-1" }), ["outcomeTimestamp"] = "2026-12-01T10:00:00Z" },
                new JsonObject
                {
                    ["card"] = card, ["outcome"] = "overridden", ["outcomeTimestamp"] = "2026-12-01T10:05:00Z",
                    ["overrideReason"] = new JsonObject { ["reason"] = new JsonObject { ["code"] = "patient-preference", ["display"] = "Patient preference" }, ["userComment"] = "prefers oral therapy" },
                }),
        };

        var (status, _, _) = await clinic.PostAsync(PatientView + "/feedback", feedback.ToJsonString());

        Assert.AreEqual(200, status);
        var added = decisions.ListForPatient(patient).Skip(before).ToList();
        Assert.AreEqual(2, added.Count);
        Assert.IsTrue(added.All(d => d.Source == DecisionSource.CdsHooks && d.CardUuid == card && d.RecommendationId == clinic.RecommendationId && d.Actor == "ehr-client-1"));
        Assert.AreEqual("accepted in the EHR with suggestion s-1", added[0].Reason);
        Assert.AreEqual("overridden in the EHR: Patient preference — prefers oral therapy", added[1].Reason);
        Assert.AreEqual(DateTimeOffset.Parse("2026-12-01T10:05:00Z").ToUnixTimeMilliseconds(), added[1].TimeMs);
    }

    [TestMethod]
    public async System.Threading.Tasks.Task FeedbackWithAnUnknownCardStoresNothing()
    {
        var count = new RecommendationDecisionStore(clinic.Db.Database).Count();
        var good = CardIds.For("patient-view", clinic.RecommendationId).ToString();
        var feedback = new JsonObject
        {
            ["feedback"] = new JsonArray(
                new JsonObject { ["card"] = good, ["outcome"] = "accepted" },
                new JsonObject { ["card"] = Guid.NewGuid().ToString(), ["outcome"] = "accepted" }),
        };

        var (status, body, _) = await clinic.PostAsync(PatientView + "/feedback", feedback.ToJsonString());

        Assert.AreEqual(400, status);
        AssertOutcome(body, "invalid", "feedback[1].card");
        Assert.AreEqual(count, new RecommendationDecisionStore(clinic.Db.Database).Count());
        (status, _, _) = await clinic.PostAsync(OrderSelect + "/feedback", new JsonObject { ["feedback"] = new JsonArray(new JsonObject { ["card"] = good, ["outcome"] = "accepted" }) }.ToJsonString());
        Assert.AreEqual(400, status, "a patient-view card is not a card of the order-select service");
        (status, _, _) = await clinic.PostAsync(PatientView + "/feedback", feedback.ToJsonString(), token: null);
        Assert.AreEqual(401, status);
    }
}
