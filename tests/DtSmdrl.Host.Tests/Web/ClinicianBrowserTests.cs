using System.Text.RegularExpressions;
using DtSmdrl.Host.Storage;
using Microsoft.Playwright;

namespace DtSmdrl.Host.Tests.Web;

/// <summary>
/// The clinician pages in Debian's chromium: the list, a patient, an invalid and a valid outcome, an accept with a
/// reason; each page passes the accessibility check, and a screenshot of each is saved as a test artifact
/// (bin/Release/net10.0/TestResults/screenshots) and registered as result files.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class ClinicianBrowserTests
{
    private static ClinicFixture clinic = null!;
    private static Browser browser = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task Start(TestContext _)
    {
        browser = await Browser.LaunchAsync();
        clinic = await ClinicFixture.CreateAsync();
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        if (clinic is not null) await clinic.DisposeAsync();
        if (browser is not null) await browser.DisposeAsync();
    }

    [TestMethod]
    public async Task ListThenPatientShowsPlanProbabilitiesAndFigures()
    {
        var page = await browser.PageAsync(clinic.Web.Address);
        await page.GotoAsync("/");
        Assert.AreEqual(clinic.Patients.Count, await page.Locator("tbody tr").CountAsync());
        await Screenshot(page, "patient-list");
        await AccessibilityCheck.AssertPassesAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = clinic.Treated, Exact = true }).ClickAsync();
        await page.WaitForURLAsync($"**/patients/{clinic.Treated}");
        Assert.AreEqual($"Patient {clinic.Treated}", await page.Locator("h1").InnerTextAsync());
        Assert.IsGreaterThanOrEqualTo(1, await page.Locator("[data-testid=plan] tbody tr").CountAsync(), "the plan has cycles");
        StringAssert.Matches(await page.Locator("[data-testid=p-response]").InnerTextAsync(), new Regex(@"^\d+(\.\d)?%$"));
        StringAssert.Matches(await page.Locator("[data-testid=p-toxicity]").InnerTextAsync(), new Regex(@"^\d+(\.\d)?%$"));
        foreach (var figure in new[] { "figure-sld", "figure-anc" })
        {
            var svg = page.Locator($"[data-testid={figure}] svg");
            var box = await svg.BoundingBoxAsync();
            Assert.IsNotNull(box, figure);
            Assert.IsGreaterThan(400f, box.Width, $"{figure} is drawn at a readable size");
            Assert.IsGreaterThan(5, await svg.Locator("path, line, polyline, polygon").CountAsync(), $"{figure} has drawn series");
        }
        await Screenshot(page, "patient-page-top");
        await Screenshot(page, "patient-page", fullPage: true);
        await Screenshot(page.Locator("[data-testid=figure-sld]"), "patient-forecast-sld");
        await AccessibilityCheck.AssertPassesAsync(page);
    }

    [TestMethod]
    public async Task InvalidOutcomeStoresNothingAndAValidOneUpdatesTheTwinAndReRecommends()
    {
        var observations = new ObservationStore(clinic.Database);
        var before = observations.ForPatient(clinic.Treated).Count;
        var posterior = new PosteriorStore(clinic.Database).Latest(clinic.Treated)!.Version;
        var page = await browser.PageAsync(clinic.Web.Address);
        await page.GotoAsync($"/patients/{clinic.Treated}/outcome");
        await AccessibilityCheck.AssertPassesAsync(page);
        Assert.AreEqual((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator("#Cycle").InputValueAsync(), "the next cycle is proposed");

        await page.SelectOptionAsync("#TreatmentGiven", "chemo_full");
        await page.FillAsync("#Anc", "250");
        await page.FillAsync("#Lesion0", "31.5");
        await page.ClickAsync("button[type=submit]");
        await page.Locator("[data-testid=outcome-errors]").WaitForAsync();
        StringAssert.Contains(await page.Locator("#Anc-error").InnerTextAsync(), "100", "the ANC error is next to the ANC field and says the limit");
        Assert.AreEqual("true", await page.Locator("#Anc").GetAttributeAsync("aria-invalid"));
        Assert.AreEqual("", (await page.Locator("#Cycle-error").InnerTextAsync()).Trim(), "valid fields carry no error");
        Assert.AreEqual(before, observations.ForPatient(clinic.Treated).Count, "nothing stored on error");
        Assert.AreEqual("31.5", await page.Locator("#Lesion0").InputValueAsync(), "what was typed is kept");
        await Screenshot(page, "outcome-invalid", fullPage: true);
        await AccessibilityCheck.AssertPassesAsync(page);

        await page.FillAsync("#Anc", "2.4");
        await page.ClickAsync("button[type=submit]");
        await page.Locator("[data-testid=outcome-stored]").WaitForAsync();
        Assert.AreEqual(before + 1, observations.ForPatient(clinic.Treated).Count);
        var updated = new PosteriorStore(clinic.Database).Latest(clinic.Treated)!;
        Assert.AreEqual(posterior + 1, updated.Version, "the twin was updated");
        var latest = new RecommendationStore(clinic.Database).ForPatient(clinic.Treated)[^1];
        Assert.AreEqual(updated.Version, latest.PosteriorVersion, "the recommendation was re-issued on the new posterior");
        StringAssert.Contains(await page.Locator("[data-testid=what-changed]").InnerTextAsync(), "v" + updated.Version);
        await Screenshot(page, "outcome-stored", fullPage: true);
        await AccessibilityCheck.AssertPassesAsync(page);
    }

    [TestMethod]
    public async Task AcceptWithAReasonWritesAnAuditRow()
    {
        var decisions = new RecommendationDecisionStore(clinic.Database);
        var page = await browser.PageAsync(clinic.Web.Address);
        await page.GotoAsync($"/patients/{clinic.Untreated}");
        await page.CheckAsync("input[name=Decision][value=accepted]");
        Assert.IsTrue(await page.Locator("#ChosenRegimen").IsDisabledAsync(), "the script disables the override choice for an accept");
        await page.ClickAsync("form[data-decision] button[type=submit]");
        StringAssert.Contains(await page.Locator("form[data-decision] .field-error").AllInnerTextsAsync().ContinueWith(t => string.Join(" ", t.Result)), "reason is required");
        Assert.IsEmpty(decisions.ListForPatient(clinic.Untreated), "nothing stored without a reason");

        await page.FillAsync("#Reason", "Agrees with the tumour board; PD-L1 high.");
        await page.FillAsync("#RecordedBy", "Dr T");
        await page.ClickAsync("form[data-decision] button[type=submit]");
        await page.Locator("[data-testid=decision-stored]").WaitForAsync();
        var stored = decisions.ListForPatient(clinic.Untreated).Single();
        Assert.AreEqual((DecisionKind.Accepted, "Agrees with the tumour board; PD-L1 high.", DecisionSource.ClinicianPage, "Dr T"),
            (stored.Decision, stored.Reason, stored.Source, stored.Actor));
        Assert.AreEqual(new RecommendationStore(clinic.Database).ForPatient(clinic.Untreated)[^1].Id, stored.RecommendationId);
        StringAssert.Contains(await page.Locator("[data-testid=decisions]").InnerTextAsync(), "Agrees with the tumour board");
        await page.Locator("#decision").ScrollIntoViewIfNeededAsync();
        await page.EvaluateAsync("() => document.getElementById('decision').scrollIntoView()");
        await Screenshot(page, "decision-stored");
        await AccessibilityCheck.AssertPassesAsync(page);
    }

    private async Task Screenshot(IPage page, string name, bool fullPage = false)
    {
        var path = ScreenshotPath(name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        TestContext.AddResultFile(path);
    }

    private async Task Screenshot(ILocator element, string name)
    {
        var path = ScreenshotPath(name);
        await element.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        TestContext.AddResultFile(path);
    }

    private string ScreenshotPath(string name)
    {
        // Beside the test binary, where the runner's own artifact copies (AddResultFile) are not cleaned up.
        var folder = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name + ".png");
    }
}
