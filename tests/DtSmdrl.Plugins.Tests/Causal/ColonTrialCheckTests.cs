using DtSmdrl.Plugins.BuiltIn.Causal;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>
/// Real-data check on the colon adjuvant trial (Moertel 1990): treating the randomised trial as
/// observational, the covariate-adjusted AIPW effect of Lev+5FU versus observation on recurrence must
/// agree with the plain randomised difference (the two intervals overlap).
/// </summary>
[TestClass]
public sealed class ColonTrialCheckTests
{
    public TestContext TestContext { get; set; } = null!;

    internal static readonly ObservationalCsvSpec RecurrenceSpec = new(
        "rx", "Lev+5FU", "Obs", "status",
        ["sex", "age", "obstruct", "perfor", "adhere", "nodes", "differ", "extent", "surg", "node4"],
        [new("etype", "1")]);

    [TestMethod]
    public void AdjustedEffectAgreesWithRandomisedDifference()
    {
        var loaded = CsvObservationalLoader.Load(SharedData.Find("colon.csv"), RecurrenceSpec);
        // 3 folds and 30 resamples keep this under 5 s; the command line defaults are 5 folds and 200 resamples.
        var options = new CausalOptions { Seed = 1, Folds = 3, BootstrapResamples = 30, Refute = false };
        var estimate = new DoublyRobustEstimator().EstimateAverageEffect(loaded.Data!, new EffectQuery("Lev+5FU", "Obs", "status"), options);
        var randomised = estimate.Naive;
        var adjusted = estimate.Adjusted;
        var bootstrap = estimate.Bootstrap!;
        TestContext.WriteLine($"n {estimate.Count} ({estimate.TreatedCount} Lev+5FU, {estimate.ControlCount} Obs)");
        TestContext.WriteLine($"randomised {randomised.Estimate:0.0000} [{randomised.Lower:0.0000}, {randomised.Upper:0.0000}]");
        TestContext.WriteLine($"AIPW       {adjusted.Estimate:0.0000} [{adjusted.Lower:0.0000}, {adjusted.Upper:0.0000}], bootstrap [{bootstrap.Lower:0.0000}, {bootstrap.Upper:0.0000}]");

        Assert.AreEqual(619, estimate.Count, "etype=1 rows of the Lev+5FU and Obs arms");
        Assert.AreEqual(OutcomeKind.Binary, estimate.Outcome);
        Assert.IsTrue(adjusted.Overlaps(randomised), "analytic AIPW interval must overlap the randomised interval");
        Assert.IsTrue(bootstrap.Overlaps(randomised), "bootstrap AIPW interval must overlap the randomised interval");
        // Randomised arms: propensities should sit near the 49% treated share, far from the bounds.
        Assert.AreEqual(0, estimate.Overlap!.ShareTrimmedLow + estimate.Overlap.ShareTrimmedHigh);
    }
}
