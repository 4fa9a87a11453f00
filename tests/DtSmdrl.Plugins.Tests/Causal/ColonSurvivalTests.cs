using System.Text.Json;
using DtSmdrl.Plugins.BuiltIn.Causal;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>
/// The colon trial's recurrence (etype 1), Lev+5FU versus observation, against R survival 3.5-3
/// (Fixtures/colon-cox-fixture.json, made by Fixtures/make-colon-cox-fixture.R): Cox hazard ratios
/// (Efron ties) naive, adjusted and adjusted with categorical covariates; Kaplan-Meier survival, its
/// Greenwood se and the restricted mean at 1826 days.
/// </summary>
[TestClass]
public sealed class ColonSurvivalTests
{
    public TestContext TestContext { get; set; } = null!;

    internal static readonly ObservationalCsvSpec RecurrenceSpec = new(
        "rx", "Lev+5FU", "Obs", null,
        ["sex", "age", "obstruct", "perfor", "adhere", "nodes", "differ", "extent", "surg", "node4"],
        [new("etype", "1")])
    { TimeColumn = "time", EventColumn = "status" };

    private static readonly CausalOptions Fast = new() { Seed = 1, Folds = 3, BootstrapResamples = 0, Refute = false };

    private static JsonElement Fixture()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Causal", "Fixtures", "colon-cox-fixture.json");
        return JsonDocument.Parse(File.ReadAllText(path)).RootElement;
    }

    private static SurvivalEffectEstimate Estimate(ObservationalCsvSpec spec)
    {
        var loaded = CsvObservationalLoader.Load(SharedData.Find("colon.csv"), spec);
        return new SurvivalEffectEstimator().EstimateSurvivalEffects(loaded.Survival!, new SurvivalQuery("Lev+5FU", "Obs", "recurrence", 1826), Fast);
    }

    private void AssertMatchesR(HazardRatioEstimate ours, JsonElement r, string name)
    {
        TestContext.WriteLine($"{name}: ours HR {ours.HazardRatio:0.000000} [{ours.Lower:0.000000}, {ours.Upper:0.000000}] se {ours.StandardError:0.000000}; R HR {r.GetProperty("hr").GetDouble():0.000000} [{r.GetProperty("lower").GetDouble():0.000000}, {r.GetProperty("upper").GetDouble():0.000000}] se {r.GetProperty("se").GetDouble():0.000000}");
        Assert.AreEqual(r.GetProperty("hr").GetDouble(), ours.HazardRatio, 5e-4, $"{name} hazard ratio");
        Assert.AreEqual(r.GetProperty("lower").GetDouble(), ours.Lower, 5e-4, $"{name} lower bound");
        Assert.AreEqual(r.GetProperty("upper").GetDouble(), ours.Upper, 5e-4, $"{name} upper bound");
        Assert.AreEqual(r.GetProperty("se").GetDouble(), ours.StandardError, 5e-4, $"{name} standard error");
        Assert.AreEqual(r.GetProperty("loglik").GetDouble(), ours.LogLikelihood, 1e-3, $"{name} partial log-likelihood");
    }

    [TestMethod]
    public void CoxHazardRatios_MatchRCoxph()
    {
        var fixture = Fixture();
        var estimate = Estimate(RecurrenceSpec);
        Assert.AreEqual(fixture.GetProperty("naive").GetProperty("n").GetInt32(), estimate.Count);
        Assert.AreEqual(fixture.GetProperty("naive").GetProperty("events").GetInt32(), estimate.TreatedEvents + estimate.ControlEvents);
        AssertMatchesR(estimate.HazardRatios[0], fixture.GetProperty("naive"), "naive");
        AssertMatchesR(estimate.HazardRatios[1], fixture.GetProperty("adjusted"), "adjusted");
    }

    [TestMethod]
    public void CoxHazardRatio_WithCategoricalCovariates_MatchesRFactors()
    {
        var estimate = Estimate(RecurrenceSpec with { Categorical = ["differ", "extent"] });
        AssertMatchesR(estimate.HazardRatios[1], Fixture().GetProperty("adjustedCategorical"), "adjusted (differ, extent as factors)");
    }

    [TestMethod]
    public void KaplanMeier_MatchesRSurvfit()
    {
        var r = Fixture().GetProperty("kaplanMeier");
        var estimate = Estimate(RecurrenceSpec);
        var km = estimate.Survival[0];
        var rmst = estimate.RestrictedMean[0];
        TestContext.WriteLine($"S(1826): treated {km.Treated:0.000000}, control {km.Control:0.000000}; RMST treated {rmst.Treated:0.00}, control {rmst.Control:0.00}");
        foreach (var s in estimate.Survival.Concat(estimate.RestrictedMean))
            TestContext.WriteLine($"{s.Method}: {s.Treated:0.0000} vs {s.Control:0.0000}, difference {s.Difference.Estimate:0.0000} [{s.Difference.Lower:0.0000}, {s.Difference.Upper:0.0000}]");
        Assert.AreEqual(r.GetProperty("treated").GetProperty("survival").GetDouble(), km.Treated, 1e-9);
        Assert.AreEqual(r.GetProperty("control").GetProperty("survival").GetDouble(), km.Control, 1e-9);
        var greenwood = Math.Sqrt(Math.Pow(r.GetProperty("treated").GetProperty("se").GetDouble(), 2) + Math.Pow(r.GetProperty("control").GetProperty("se").GetDouble(), 2));
        Assert.AreEqual(greenwood, km.Difference.StandardError, 1e-6);
        Assert.AreEqual(r.GetProperty("treated").GetProperty("rmst").GetDouble(), rmst.Treated, 1e-6);
        Assert.AreEqual(r.GetProperty("control").GetProperty("rmst").GetDouble(), rmst.Control, 1e-6);
    }
}
