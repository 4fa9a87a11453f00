using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class DecisionMetricsTests
{
    [TestMethod]
    public void GainCapturedIsARatioOfSumsNotAMeanOfRatios()
    {
        PatientOutcome[] outcomes =
        [
            Make("a", value: 150, perfect: 200, hold: 100), // gains 50 of 100
            Make("b", value: 110, perfect: 110, hold: 100), // gains 10 of 10
        ];
        // (50 + 10) / (100 + 10); the mean of the ratios would be 0.75.
        Assert.AreEqual(60.0 / 110.0, DecisionMetrics.GainCaptured(outcomes), 1e-12);
        Assert.AreEqual((50.0 + 0.0) / 2, DecisionMetrics.MeanRegretDays(outcomes), 1e-12);
        Assert.AreEqual(130.0, DecisionMetrics.MeanValueDays(outcomes), 1e-12);
    }

    [TestMethod]
    public void GainCapturedIsUndefinedWhenNothingCanBeGained()
    {
        Assert.IsTrue(double.IsNaN(DecisionMetrics.GainCaptured([Make("a", value: 120, perfect: 100, hold: 100)])));
        Assert.IsTrue(double.IsNaN(DecisionMetrics.GainCaptured([Make("a", value: 120, perfect: 90, hold: 100)])));
    }

    [TestMethod]
    public void ReplicatesAreAveragedPerPatientAndAPatientDrawnTwiceCountsTwice()
    {
        // V* = 200, V_hold = 100: tolerance max(10, 7) = 10, so V >= 190 is accurate.
        PatientOutcome[] a = [Make("a", value: 180, perfect: 200, hold: 100, replicate: 0), Make("a", value: 202, perfect: 200, hold: 100, replicate: 1)];
        PatientOutcome[] b = [Make("b", value: 300, perfect: 200, hold: 100, replicate: 0), Make("b", value: 0, perfect: 200, hold: 100, replicate: 1)];
        // a: V = 191 (accurate, though one replicate is not); b: V = 150 (not, though one replicate beats V*).
        Assert.AreEqual(0.5, DecisionMetrics.DecisionAccuracy([.. a, .. b]), 1e-12);
        Assert.AreEqual(2.0 / 3.0, DecisionMetrics.DecisionAccuracy([.. a, .. a, .. b]), 1e-12);
        // Gain captured over records equals the ratio of per-patient sums when every patient has the same replicates.
        Assert.AreEqual((91.0 + 50.0) / 200.0, DecisionMetrics.GainCaptured([.. a, .. b]), 1e-12);
    }

    [TestMethod]
    public void AccuracyToleranceIsTenPercentOfTheGainOrOneWeekWhicheverIsLarger()
    {
        // Large achievable gain (300 days): 10% = 30 days.
        Assert.IsTrue(DecisionMetrics.IsAccurate(370, 400, 100));
        Assert.IsFalse(DecisionMetrics.IsAccurate(369.9, 400, 100));
        // Small gain (20 days): one week.
        Assert.IsTrue(DecisionMetrics.IsAccurate(113, 120, 100));
        Assert.IsFalse(DecisionMetrics.IsAccurate(112.9, 120, 100));
        // Beating V* is never a miss; with V* below V_hold the week still applies.
        Assert.IsTrue(DecisionMetrics.IsAccurate(500, 120, 100));
        Assert.IsTrue(DecisionMetrics.IsAccurate(83, 90, 100));
        Assert.IsFalse(DecisionMetrics.IsAccurate(82, 90, 100));
        Assert.ThrowsExactly<ArgumentException>(() => DecisionMetrics.IsAccurate(double.NaN, 1, 0));
    }

    [TestMethod]
    public void SevereToxicityDoesNotEnterDecisionAccuracy()
    {
        Assert.AreEqual(1.0, DecisionMetrics.DecisionAccuracy([Make("a", value: 200, perfect: 200, hold: 100, toxicity: true)]), 1e-12);
    }
}
