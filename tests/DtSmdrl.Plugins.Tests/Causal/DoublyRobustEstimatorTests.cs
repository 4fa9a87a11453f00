using System.Diagnostics;
using DtSmdrl.Plugins.BuiltIn.Causal;
using DtSmdrl.Plugins.Contracts.Causal;

namespace DtSmdrl.Plugins.Tests.Causal;

/// <summary>The AIPW estimator recovers known effects that the naive difference misses.</summary>
[TestClass]
public sealed class DoublyRobustEstimatorTests
{
    public TestContext TestContext { get; set; } = null!;

    private static readonly CausalOptions Fast = new() { BootstrapResamples = 0, Refute = false };

    [TestMethod]
    public void ContinuousOutcome_DrIntervalCoversTruth_NaiveIsBiased()
    {
        var (data, tau) = SimulatedObservationalData.Continuous(2000, seed: 11);
        var truth = tau.Average();
        var clock = Stopwatch.StartNew();
        var estimate = new DoublyRobustEstimator().EstimateAverageEffect(data, new EffectQuery(), Fast);
        TestContext.WriteLine($"truth {truth:0.0000}; naive {estimate.Naive.Estimate:0.0000} (bias {estimate.Naive.Estimate - truth:0.0000}); DR {estimate.Adjusted.Estimate:0.0000} [{estimate.Adjusted.Lower:0.0000}, {estimate.Adjusted.Upper:0.0000}] (bias {estimate.Adjusted.Estimate - truth:0.0000}); {clock.ElapsedMilliseconds} ms");

        Assert.AreEqual(OutcomeKind.Continuous, estimate.Outcome);
        Assert.IsGreaterThan(0.1, Math.Abs(estimate.Naive.Estimate - truth), "the simulation must confound the naive difference");
        Assert.IsFalse(estimate.Naive.Covers(truth), "the naive interval should miss the truth");
        Assert.IsTrue(estimate.Adjusted.Covers(truth), $"DR interval [{estimate.Adjusted.Lower}, {estimate.Adjusted.Upper}] misses the true effect {truth}");
        Assert.IsLessThan(0.06, Math.Abs(estimate.Adjusted.Estimate - truth));
    }

    [TestMethod]
    public void BinaryOutcome_RiskDifferenceCoversTruth_NaiveIsBiased()
    {
        var (data, rd) = SimulatedObservationalData.Binary(2000, seed: 5);
        var truth = rd.Average();
        var estimate = new DoublyRobustEstimator().EstimateAverageEffect(data, new EffectQuery(), Fast);
        TestContext.WriteLine($"truth {truth:0.0000}; naive {estimate.Naive.Estimate:0.0000}; DR {estimate.Adjusted.Estimate:0.0000} [{estimate.Adjusted.Lower:0.0000}, {estimate.Adjusted.Upper:0.0000}]");

        Assert.AreEqual(OutcomeKind.Binary, estimate.Outcome);
        Assert.IsGreaterThan(0.1, Math.Abs(estimate.Naive.Estimate - truth));
        Assert.IsTrue(estimate.Adjusted.Covers(truth), $"DR interval [{estimate.Adjusted.Lower}, {estimate.Adjusted.Upper}] misses the true risk difference {truth}");
    }

    [TestMethod]
    public void BootstrapAndRefutations_BehaveOnSimulatedData()
    {
        var (data, tau) = SimulatedObservationalData.Continuous(800, seed: 3);
        var options = new CausalOptions { Seed = 7, Folds = 3, BootstrapResamples = 20, SubsetRefutations = 3 };
        var estimate = new DoublyRobustEstimator().EstimateAverageEffect(data, new EffectQuery(), options);
        var bootstrap = estimate.Bootstrap!;
        TestContext.WriteLine($"analytic se {estimate.Adjusted.StandardError:0.0000}, bootstrap sd {bootstrap.StandardError:0.0000}, bootstrap [{bootstrap.Lower:0.0000}, {bootstrap.Upper:0.0000}]");
        foreach (var r in estimate.Refutations) TestContext.WriteLine($"{r.Name}: {(r.Passed ? "pass" : "FAIL")} {r.Criterion}");

        Assert.IsTrue(bootstrap.Covers(tau.Average()), "bootstrap interval should cover the truth");
        var ratio = bootstrap.StandardError / estimate.Adjusted.StandardError;
        Assert.IsTrue(ratio is > 0.5 and < 2, $"bootstrap sd / analytic se = {ratio}");
        Assert.HasCount(3, estimate.Refutations);
        Assert.IsTrue(estimate.Refutations.All(r => r.Passed), "every refutation should pass on well-specified data");
        var placebo = estimate.Refutations.Single(r => r.Name == "placebo treatment");
        Assert.IsLessThan(0.15, Math.Abs(placebo.NewEstimate));
    }

    [TestMethod]
    public void SameSeed_SameNumbers()
    {
        var (data, _) = SimulatedObservationalData.Continuous(400, seed: 2);
        var options = Fast with { Seed = 9, Folds = 3 };
        var a = new DoublyRobustEstimator().EstimateAverageEffect(data, new EffectQuery(), options);
        var b = new DoublyRobustEstimator().EstimateAverageEffect(data, new EffectQuery(), options);
        Assert.AreEqual(a.Adjusted, b.Adjusted);
    }

    [TestMethod]
    public void DrLearner_CateTracksTrueConditionalEffect()
    {
        var (data, tau) = SimulatedObservationalData.Continuous(2000, seed: 21, heterogeneity: 0.6);
        var cate = new DoublyRobustEstimator().EstimateConditionalEffects(data, new EffectQuery(), Fast with { CateLearner = LearnerKind.Linear });
        var correlation = Correlation(cate.Cate, tau);
        var rmse = Math.Sqrt(cate.Cate.Zip(tau, (a, b) => (a - b) * (a - b)).Average());
        TestContext.WriteLine($"CATE correlation with truth {correlation:0.000}, RMSE {rmse:0.000}, true sd {Sd(tau):0.000}");

        Assert.HasCount(data.Count, cate.Cate);
        Assert.IsGreaterThan(0.8, correlation);
        Assert.IsLessThan(Sd(tau), rmse, "CATE should beat a constant guess");
    }

    [TestMethod]
    public void DrLearner_BoostedTreesCateTracksTruth()
    {
        var (data, tau) = SimulatedObservationalData.Continuous(2000, seed: 22, heterogeneity: 0.6);
        var cate = new DoublyRobustEstimator().EstimateConditionalEffects(data, new EffectQuery(), Fast);
        var correlation = Correlation(cate.Cate, tau);
        TestContext.WriteLine($"boosted-tree CATE correlation with truth {correlation:0.000}");
        Assert.IsGreaterThan(0.6, correlation);
    }

    [TestMethod]
    public void InvalidInput_ClearErrors()
    {
        var (data, _) = SimulatedObservationalData.Continuous(50, seed: 1);
        var estimator = new DoublyRobustEstimator();
        var ex = Assert.ThrowsExactly<ArgumentException>(() => estimator.EstimateAverageEffect(data, new EffectQuery(Outcome: OutcomeKind.Binary, OutcomeLabel: "y"), Fast));
        StringAssert.Contains(ex.Message, "'y' was declared binary but row 0");
        var bad = data with { Covariates = data.Covariates.Select((r, i) => i == 4 ? new[] { r[0], double.NaN, r[2] } : r).ToArray() };
        ex = Assert.ThrowsExactly<ArgumentException>(() => estimator.EstimateAverageEffect(bad, new EffectQuery(), Fast));
        StringAssert.Contains(ex.Message, "row 4, covariate 'x2'");
        Assert.ThrowsExactly<ArgumentException>(() => estimator.EstimateAverageEffect(data, new EffectQuery(), Fast with { Folds = 1 }));
    }

    private static double Sd(double[] v) => Math.Sqrt(v.Select(x => (x - v.Average()) * (x - v.Average())).Average());

    private static double Correlation(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        var cov = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }
}
