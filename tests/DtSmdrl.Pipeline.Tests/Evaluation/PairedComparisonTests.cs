using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class PairedComparisonTests
{
    private static double MeanValue(IReadOnlyList<PatientOutcome> outcomes) => outcomes.Average(o => o.Value);

    [TestMethod]
    public void ConstantShiftOnTheSamePatientsHasAZeroWidthInterval()
    {
        // B = A - 1 on every patient, listed in another order: the paired difference is exactly 1 in every
        // resample, although each method alone varies a lot across patients.
        var values = Normal(60, seed: 4).Select(v => 10 * v).ToArray();
        var methodA = values.Select((v, i) => Make($"p{i}", value: v)).ToArray();
        var methodB = values.Select((v, i) => Make($"p{i}", value: v - 1)).Reverse().ToArray();

        var paired = PairedComparison.Compare(methodA, methodB, MeanValue, resamples: 500, seed: 3);
        Assert.AreEqual(1.0, paired.Difference.Estimate, 1e-9);
        Assert.AreEqual(1.0, paired.Difference.Lower, 1e-9);
        Assert.AreEqual(1.0, paired.Difference.Upper, 1e-9);
        Assert.AreEqual(0.0, paired.ShareAtOrBelowZero);

        var alone = Bootstrap.Interval(methodA, MeanValue, resamples: 500, seed: 3);
        Assert.IsGreaterThan(1.0, alone.Upper - alone.Lower);
    }

    [TestMethod]
    public void DifferenceOfProportionsMatchesDirectEstimates()
    {
        PatientOutcome[] methodA = [Make("a", toxicity: true), Make("b"), Make("c"), Make("d")];
        PatientOutcome[] methodB = [Make("a", toxicity: true), Make("b", toxicity: true), Make("c"), Make("d")];
        var paired = PairedComparison.Compare(methodA, methodB, ClinicalMetrics.ViolationRate, resamples: 200, seed: 1);
        Assert.AreEqual(0.25, paired.EstimateA, 1e-12);
        Assert.AreEqual(0.5, paired.EstimateB, 1e-12);
        Assert.AreEqual(-0.25, paired.Difference.Estimate, 1e-12);
        Assert.IsLessThanOrEqualTo(paired.Difference.Estimate, paired.Difference.Lower);
        Assert.IsGreaterThanOrEqualTo(0.0, paired.Difference.Upper);
    }

    [TestMethod]
    public void DifferentPatientsAreRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() =>
            PairedComparison.Compare([Make("a"), Make("b")], [Make("a"), Make("x")], MeanValue, 10, 0));
    }
}
