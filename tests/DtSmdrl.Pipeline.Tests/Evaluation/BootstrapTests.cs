using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class BootstrapTests
{
    private static double MeanValue(IReadOnlyList<PatientOutcome> outcomes) => outcomes.Average(o => o.Value);

    private static PatientOutcome[] NormalCohort(int count, int seed) =>
        Normal(count, seed).Select((v, i) => Make($"p{i}", value: v)).ToArray();

    [TestMethod]
    public void SameSeedGivesSameIntervalAndOtherSeedDiffers()
    {
        var cohort = NormalCohort(50, seed: 3);
        var first = Bootstrap.Interval(cohort, MeanValue, resamples: 300, seed: 11);
        var again = Bootstrap.Interval(cohort, MeanValue, resamples: 300, seed: 11);
        var other = Bootstrap.Interval(cohort, MeanValue, resamples: 300, seed: 12);
        Assert.AreEqual(first, again);
        Assert.AreNotEqual(first.Lower, other.Lower);
    }

    [TestMethod]
    public void IntervalOfNormalMeanContainsEstimateWithExpectedWidth()
    {
        // 200 standard normal values: the 95% interval of the mean is about +/- 1.96 / sqrt(200) = +/- 0.139.
        var cohort = NormalCohort(200, seed: 5);
        var interval = Bootstrap.Interval(cohort, MeanValue, resamples: Bootstrap.DefaultResamples, seed: 1);
        Assert.AreEqual(MeanValue(cohort), interval.Estimate, 1e-12);
        Assert.IsLessThan(interval.Estimate, interval.Lower);
        Assert.IsGreaterThan(interval.Estimate, interval.Upper);
        var halfWidth = (interval.Upper - interval.Lower) / 2;
        Assert.IsTrue(halfWidth is > 0.10 and < 0.18, $"half width {halfWidth}");
        Assert.AreEqual(Bootstrap.DefaultResamples, interval.ValidResamples);
    }

    [TestMethod]
    public void QuantileInterpolatesBetweenOrderStatistics()
    {
        double[] sorted = [1, 2, 3, 4, 5];
        Assert.AreEqual(1.1, Bootstrap.Quantile(sorted, 0.025), 1e-12);
        Assert.AreEqual(4.9, Bootstrap.Quantile(sorted, 0.975), 1e-12);
        Assert.AreEqual(3.0, Bootstrap.Quantile(sorted, 0.5), 1e-12);
        Assert.AreEqual(double.PositiveInfinity, Bootstrap.Quantile([1.0, double.PositiveInfinity], 0.975));
    }

    [TestMethod]
    public void UndefinedReplicatesAreLeftOutAndCounted()
    {
        // One predicted responder in 8 patients: about (7/8)^8 = 34% of resamples have none, so precision is NaN there.
        var cohort = Enumerable.Range(0, 8)
            .Select(i => Make($"p{i}", i == 0 ? RecistResponse.CR : RecistResponse.SD, probability: i == 0 ? 0.9 : 0.1))
            .ToArray();
        var interval = Bootstrap.Interval(cohort, ResponsePrediction.Precision, resamples: 500, seed: 2);
        Assert.AreEqual(1.0, interval.Estimate);
        Assert.IsTrue(interval.ValidResamples is > 200 and < 450, $"valid {interval.ValidResamples}");
        Assert.AreEqual(1.0, interval.Lower);
        Assert.AreEqual(1.0, interval.Upper);
    }

    [TestMethod]
    public void SeveralSeedsArePooledAndResampledByPatient()
    {
        PatientOutcome[] seed1 = [Make("a", RecistResponse.CR), Make("b", RecistResponse.SD)];
        PatientOutcome[] seed2 = [Make("b", RecistResponse.PR), Make("a", RecistResponse.PR)];
        var interval = Bootstrap.Interval([seed1, seed2], ClinicalMetrics.ResponseRate, resamples: 400, seed: 9);
        // Pooled: 3 responders of 4 records = mean of the per-seed rates 0.5 and 1.
        Assert.AreEqual(0.75, interval.Estimate, 1e-12);
        // Resampling patients: {a, a} gives 1.0, {b, b} gives 0.5, mixed gives 0.75.
        Assert.AreEqual(0.5, interval.Lower, 1e-12);
        Assert.AreEqual(1.0, interval.Upper, 1e-12);
    }

    [TestMethod]
    public void SeedsCoveringDifferentPatientsAreRejected()
    {
        PatientOutcome[] seed1 = [Make("a"), Make("b")];
        PatientOutcome[] seed2 = [Make("a"), Make("c")];
        var error = Assert.ThrowsExactly<ArgumentException>(() => Bootstrap.Interval([seed1, seed2], ClinicalMetrics.ResponseRate, 10, 0));
        StringAssert.Contains(error.Message, "'c'");
    }
}
