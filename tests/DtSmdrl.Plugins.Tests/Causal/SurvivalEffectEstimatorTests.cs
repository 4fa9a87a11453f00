using DtSmdrl.Plugins.BuiltIn.Causal;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>The censoring- and propensity-weighted survival estimators recover a known effect that the naive comparison misses.</summary>
[TestClass]
public sealed class SurvivalEffectEstimatorTests
{
    public TestContext TestContext { get; set; } = null!;

    private const double Horizon = 2.0;
    private static readonly CausalOptions Fast = new() { Seed = 3, Folds = 3, BootstrapResamples = 0, Refute = false };

    private static SurvivalEffectEstimate Estimate(int seed, bool covariateCensoring = true) =>
        new SurvivalEffectEstimator().EstimateSurvivalEffects(SimulatedSurvivalData.Generate(3000, seed, covariateCensoring), new SurvivalQuery(Horizon: Horizon), Fast);

    /// <summary>Checks the naive row misses the truth and the rows named cover it, for survival and RMST.</summary>
    private void AssertNaiveBiasedAdjustedCover(SurvivalEffectEstimate estimate, params string[] adjustedMethods)
    {
        var (trueSurvival, trueRmst) = SimulatedSurvivalData.TrueDifferences(Horizon);
        TestContext.WriteLine($"truth: survival difference {trueSurvival:0.0000}, RMST difference {trueRmst:0.0000}; smallest G {estimate.Censoring.Minimum:0.000}");
        foreach (var c in estimate.Survival.Concat(estimate.RestrictedMean))
            TestContext.WriteLine($"{c.Method}: {c.Difference.Estimate:0.0000} [{c.Difference.Lower:0.0000}, {c.Difference.Upper:0.0000}]");
        foreach (var (rows, truth, scale) in new[] { (estimate.Survival, trueSurvival, "survival"), (estimate.RestrictedMean, trueRmst, "RMST") })
        {
            var naive = rows[0].Difference;
            Assert.IsFalse(naive.Covers(truth), $"naive {scale} interval [{naive.Lower}, {naive.Upper}] should miss the truth {truth}");
            Assert.IsGreaterThan(2 * naive.StandardError, Math.Abs(naive.Estimate - truth), $"the simulation must confound the naive {scale} difference");
            foreach (var method in adjustedMethods)
            {
                var adjusted = rows.Single(r => r.Method == method).Difference;
                Assert.IsTrue(adjusted.Covers(truth), $"{method} {scale} interval [{adjusted.Lower}, {adjusted.Upper}] misses the truth {truth}");
            }
        }
    }

    [TestMethod]
    public void ConfoundedSurvival_CensoringByCovariates_DoublyRobustCoversTruth_NaiveIsBiased()
    {
        // Censoring that depends on x1 is tied to the event time within an arm: only the censoring-weighted
        // estimator is built for it (IPW Kaplan-Meier assumes censoring independent of the event within an arm).
        AssertNaiveBiasedAdjustedCover(Estimate(seed: 21), "doubly robust (AIPW, censoring weights)");
    }

    [TestMethod]
    public void ConfoundedSurvival_RandomCensoring_IpwAndDoublyRobustCoverTruth_NaiveIsBiased()
    {
        AssertNaiveBiasedAdjustedCover(Estimate(seed: 24, covariateCensoring: false), "IPW Kaplan-Meier", "doubly robust (AIPW, censoring weights)");
    }

    [TestMethod]
    public void ConfoundedSurvival_AdjustedCoxCoversTrueHazardRatio_NaiveDoesNot()
    {
        var estimate = Estimate(seed: 22);
        var (naive, adjusted) = (estimate.HazardRatios[0], estimate.HazardRatios[1]);
        TestContext.WriteLine($"true log HR {SimulatedSurvivalData.LogHazardRatio}; naive {naive.Coefficient:0.0000} se {naive.StandardError:0.0000}; adjusted {adjusted.Coefficient:0.0000} se {adjusted.StandardError:0.0000}");
        var truth = Math.Exp(SimulatedSurvivalData.LogHazardRatio);
        Assert.IsFalse(naive.Lower <= truth && truth <= naive.Upper, "the naive hazard ratio should be confounded");
        Assert.IsTrue(adjusted.Lower <= truth && truth <= adjusted.Upper, $"adjusted HR [{adjusted.Lower}, {adjusted.Upper}] misses {truth}");
    }

    [TestMethod]
    public void SameSeed_SameNumbers()
    {
        var a = Estimate(seed: 23);
        var b = Estimate(seed: 23);
        CollectionAssert.AreEqual(a.Survival.Select(s => s.Difference.Estimate).ToArray(), b.Survival.Select(s => s.Difference.Estimate).ToArray());
        CollectionAssert.AreEqual(a.RestrictedMean.Select(s => s.Difference.StandardError).ToArray(), b.RestrictedMean.Select(s => s.Difference.StandardError).ToArray());
    }

    [TestMethod]
    public void KaplanMeier_UnitWeightJackknifeAgreesWithGreenwood()
    {
        var data = SimulatedSurvivalData.Generate(800, seed: 5);
        var km = WeightedKaplanMeier.Estimate(data.Time, data.Event, data.Time.Select(_ => 1.0).ToArray(), Horizon);
        TestContext.WriteLine($"S({Horizon}) {km.Survival:0.0000}: Greenwood se {km.GreenwoodStandardError:0.00000}, jackknife se {km.SurvivalStandardError:0.00000}");
        Assert.AreEqual(km.GreenwoodStandardError, km.SurvivalStandardError, 0.03 * km.GreenwoodStandardError);
        // Scaling every weight changes neither the curve nor its standard errors.
        var doubled = WeightedKaplanMeier.Estimate(data.Time, data.Event, data.Time.Select(_ => 2.0).ToArray(), Horizon);
        Assert.AreEqual(km.Survival, doubled.Survival, 1e-12);
        Assert.AreEqual(km.RestrictedMeanStandardError, doubled.RestrictedMeanStandardError, 1e-9);
    }
}
