using System.Net;
using System.Text.RegularExpressions;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Web;

/// <summary>The clinician pages over HTTP (no browser): what they show and what the forms store.</summary>
[TestClass]
public sealed partial class ClinicianPagesTests
{
    private static ClinicFixture clinic = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _) => clinic = await ClinicFixture.CreateAsync();

    [ClassCleanup]
    public static async Task Stop() => await clinic.DisposeAsync();

    [TestMethod]
    public async Task ListShowsEveryPatientAndSearchNarrowsIt()
    {
        var all = await clinic.Web.Client.GetStringAsync("/");
        foreach (var id in clinic.Patients) StringAssert.Contains(all, $"/patients/{id}\"");
        StringAssert.Contains(all, "Research software, not a medical device");
        StringAssert.Contains(all, "due for a cycle", "patients without any outcome are due");
        var one = await clinic.Web.Client.GetStringAsync("/?q=" + Uri.EscapeDataString(clinic.Untreated));
        StringAssert.Contains(one, $"/patients/{clinic.Untreated}\"");
        Assert.DoesNotContain($"/patients/{clinic.Treated}\"", one);
    }

    [TestMethod]
    public async Task PatientPageShowsPlanProbabilitiesFiguresAndVersions()
    {
        var html = await clinic.Web.Client.GetStringAsync($"/patients/{clinic.Treated}");
        StringAssert.Contains(html, "Research software, not a medical device");
        StringAssert.Matches(html, new Regex("data-testid=\"p-response\">[0-9.]+%<"));
        StringAssert.Matches(html, new Regex("data-testid=\"p-toxicity\">[0-9.]+%<"));
        Assert.AreEqual(2, SvgTag().Matches(html).Count, "the SLD and ANC forecast figures");
        StringAssert.Contains(html, "Alternative 2");
        StringAssert.Contains(html, "Alternative 3");
        StringAssert.Contains(html, "10<sup>9</sup>/L");
        StringAssert.Contains(html, "data-testid=\"attributions\"");
        StringAssert.Matches(html, new Regex(@"<td class=""num"">[+-]?[0-9.]+</td><td>(recommended|alternative)</td>"), "attributions with sign and size");
        StringAssert.Matches(html, new Regex("data-testid=\"posterior-version\">v1,"));
        var recommendations = new RecommendationStore(clinic.Database).ForPatient(clinic.Treated);
        Assert.AreEqual(1, recommendations.Count(r => r.PosteriorVersion == 1), "made once for the page, then reused");
        await clinic.Web.Client.GetStringAsync($"/patients/{clinic.Treated}");
        Assert.AreEqual(recommendations.Count, new RecommendationStore(clinic.Database).ForPatient(clinic.Treated).Count, "a reload makes no new recommendation");
    }

    [TestMethod]
    public async Task ARefusedPatientShowsTheReasonAndItsOutcomesAreStillRecorded()
    {
        // A stored record beyond the model's training range (tumour volume far past every training patient's).
        var record = clinic.Database.Read(c => PatientStore.Get(c, clinic.Untreated))!.Value.Record;
        var outlier = record with
        {
            PatientId = "OUT0002",
            Imaging = record.Imaging! with { Radiomics = new Dictionary<string, double>(record.Imaging!.Radiomics) { ["volume_ml"] = 34900 } },
        };
        clinic.Database.Write(t => PatientStore.Upsert(t, outlier, clinic.Database.NowMs));

        var html = await clinic.Web.Client.GetStringAsync("/patients/OUT0002");
        StringAssert.Contains(html, "outside the model&#x27;s training range");
        StringAssert.Contains(html, "href=\"/patients/OUT0002/outcome\"");

        var recorder = clinic.Web.App.Services.GetRequiredService<DtSmdrl.Host.Web.OutcomeRecorder>();
        var result = recorder.Record("OUT0002", new Dictionary<string, string>
        {
            ["observed_at"] = "2026-02-01T12:00:00Z", ["cycle"] = "1", ["treatment_given"] = "chemo_full", ["dose_fraction"] = "1",
            ["labs.collected_at"] = "2026-02-01T12:00:00Z", ["labs.anc_10e9_per_l"] = "3.1",
        });
        Assert.AreEqual(0, result.Errors.Count, string.Join("\n", result.Errors));
        Assert.IsTrue(result.Stored, "the outcome is kept although the engine refuses the patient");
        Assert.IsNull(result.After);
        StringAssert.Contains(result.Refusal, "imaging.radiomics.volume_ml");
        Assert.AreEqual(1, new ObservationStore(clinic.Database).ForPatient("OUT0002").Count);
    }

    [TestMethod]
    public async Task UnknownPatientIs404WithTheNotice()
    {
        var response = await clinic.Web.Client.GetAsync("/patients/NOPE-1");
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
        StringAssert.Contains(await response.Content.ReadAsStringAsync(), "Research software, not a medical device");
    }

    [TestMethod]
    public async Task AssetsAreServedByTheApp()
    {
        var css = await clinic.Web.Client.GetAsync("/assets/site.css");
        Assert.AreEqual(HttpStatusCode.OK, css.StatusCode);
        Assert.AreEqual("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.AreEqual(HttpStatusCode.NotFound, (await clinic.Web.Client.GetAsync("/assets/other.css")).StatusCode);
    }

    [GeneratedRegex("<svg ")]
    private static partial Regex SvgTag();
}
