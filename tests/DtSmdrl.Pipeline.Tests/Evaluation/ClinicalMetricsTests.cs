using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class ClinicalMetricsTests
{
    [TestMethod]
    public void ResponseRateCountsCrAndPrOverAllPatientsIncludingNotEvaluable()
    {
        PatientOutcome[] outcomes =
        [
            Make("a", RecistResponse.CR), Make("b", RecistResponse.PR), Make("c", RecistResponse.SD),
            Make("d", RecistResponse.PD), Make("e", RecistResponse.NotEvaluable),
        ];
        Assert.AreEqual(0.4, ClinicalMetrics.ResponseRate(outcomes), 1e-12);
    }

    [TestMethod]
    public void TumourReductionIsPercentOfBaselineAndNegativeWhenGrown()
    {
        var shrank = Make("a", baseline: 100, nadir: 60);
        var grew = Make("b", baseline: 50, nadir: 60);
        Assert.AreEqual(40.0, ClinicalMetrics.TumourReductionPct(shrank), 1e-12);
        Assert.AreEqual(-20.0, ClinicalMetrics.TumourReductionPct(grew), 1e-12);
        Assert.AreEqual(10.0, ClinicalMetrics.MeanTumourReductionPct([shrank, grew]), 1e-12);
    }

    [TestMethod]
    public void ViolationRateAndSafetyComplianceAreComplements()
    {
        PatientOutcome[] outcomes = [Make("a", toxicity: true), Make("b"), Make("c"), Make("d")];
        Assert.AreEqual(0.25, ClinicalMetrics.ViolationRate(outcomes), 1e-12);
        Assert.AreEqual(0.75, ClinicalMetrics.SafetyCompliance(outcomes), 1e-12);
    }

    [TestMethod]
    public void Cvar90CostWeightsTheBoundaryPatientFractionally()
    {
        // 25 patients with costs 1..25: the worst 10% is 2.5 patients -> (25 + 24 + 0.5 * 23) / 2.5 = 24.2.
        var outcomes = Enumerable.Range(1, 25).Select(i => Make($"p{i}", cost: i)).ToArray();
        Assert.AreEqual(24.2, ClinicalMetrics.Cvar90Cost(outcomes), 1e-12);
    }

    [TestMethod]
    public void MeanToxicityPerCycleAveragesOverPatientsThatReachedTheCycle()
    {
        PatientOutcome[] outcomes =
        [
            Make("a") with { ToxicityPerCycle = [1.0, 2.0, 3.0] },
            Make("b") with { ToxicityPerCycle = [3.0, 4.0] },
            Make("c"),
        ];
        CollectionAssert.AreEqual(new[] { 2.0, 3.0, 3.0 }, ClinicalMetrics.MeanToxicityPerCycle(outcomes).ToArray());
    }

    [TestMethod]
    public void InvalidRecordIsRejectedNamingPatientAndField()
    {
        var bad = Make("patient-7", probability: 1.5);
        var error = Assert.ThrowsExactly<ArgumentException>(() => ClinicalMetrics.ResponseRate([Make("ok"), bad]));
        StringAssert.Contains(error.Message, "patient-7");
        StringAssert.Contains(error.Message, nameof(PatientOutcome.StatedResponseProbability));
    }

    [TestMethod]
    public void NonPositiveBaselineIsRejected()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => ClinicalMetrics.MeanTumourReductionPct([Make("z", baseline: 0)]));
        StringAssert.Contains(error.Message, nameof(PatientOutcome.BaselineSldMm));
    }

    [TestMethod]
    public void EmptyCohortIsRejected()
    {
        Assert.ThrowsExactly<ArgumentException>(() => ClinicalMetrics.ViolationRate([]));
    }
}
