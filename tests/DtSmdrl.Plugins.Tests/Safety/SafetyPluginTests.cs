using DtSmdrl.Pipeline.Agent;
using DtSmdrl.Plugins.BuiltIn.Safety;
using DtSmdrl.Plugins.Contracts.Safety;

namespace DtSmdrl.Plugins.Tests.Safety;

[TestClass]
public sealed class SafetyPluginTests
{
    private static readonly string[] Actions = ["hold", "chemo_full", "chemo_reduced", "immuno"];

    [TestMethod]
    public void ShieldMasksRiskyActionsFromPosteriorForecasts()
    {
        // 4 posterior samples per action: shares 0, 0.75, 0.25, 0.5.
        IReadOnlyList<bool>[] forecasts = [[false, false, false, false], [true, true, true, false], [true, false, false, false], [true, true, false, false]];
        var decision = new ThresholdActionShield(0.3).Shield(new ShieldRequest(Actions, Allowed: [true, true, true, false], SevereToxicityForecasts: forecasts));
        CollectionAssert.AreEqual(new[] { true, false, true, false }, decision.Allowed.ToArray());
        CollectionAssert.AreEqual(new[] { 0, 0.75, 0.25, 0.5 }, decision.SevereToxicityProbability.ToArray());
        Assert.AreEqual(1, decision.MaskedByShield, "immuno was forbidden by the environment, not the shield");
        Assert.IsFalse(decision.FellBackToHold);
        Assert.AreEqual("threshold(0.3)", decision.Shield);
    }

    [TestMethod]
    public void ShieldFallsBackToHoldWhenEverythingIsRisky()
    {
        var decision = new ThresholdActionShield().Shield(new ShieldRequest(Actions, SevereToxicityProbability: [0.9, 0.8, double.NaN, 0.31]));
        CollectionAssert.AreEqual(new[] { true, false, false, false }, decision.Allowed.ToArray());
        Assert.IsTrue(decision.FellBackToHold);
        Assert.AreEqual(4, decision.MaskedByShield);
        var bad = Assert.ThrowsExactly<ArgumentException>(() => new ThresholdActionShield().Shield(new ShieldRequest(Actions, SevereToxicityProbability: [0.1])));
        StringAssert.Contains(bad.Message, "SevereToxicityProbability has 1 entries for 4 actions");
    }

    [TestMethod]
    public void RiskMeasuresDelegateToTheAgentsCvar()
    {
        double[] costs = [0, 1, 0, 2, 0.25, 0, 0, 1];
        int[] groups = [0, 0, 0, 0, 1, 1, 1, 1];
        Assert.AreEqual(Cvar.Compute(costs, 0.75), new CvarRiskMeasure().Measure(new RiskSample(costs, 0.75)), 1e-12);
        Assert.AreEqual(1.5, new CvarRiskMeasure().Measure(new RiskSample(costs, 0.75)), 1e-12, "mean of the worst 2 of 8: (2 + 1) / 2");
        Assert.AreEqual(1.0625, new CvarRiskMeasure().Measure(new RiskSample(costs, 0.5, groups)), 1e-12, "group 0: (2+1)/2 = 1.5, group 1: (1+0.25)/2 = 0.625; mean 1.0625");
        Assert.AreEqual(costs.Average(), new MeanRiskMeasure().Measure(new RiskSample(costs, 0.99)), 1e-12);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CvarRiskMeasure().Measure(new RiskSample([]))).Message, "empty");
    }

    [TestMethod]
    public void ToxicityCostFollowsTheEnvironmentsGrades()
    {
        var cost = new ToxicityConstraintCost();
        Assert.AreEqual(0.0, cost.Cost(new CycleSafetyOutcome(1.5, false)));
        Assert.AreEqual(0.0, cost.Cost(new CycleSafetyOutcome(0.8, false)), "grade 3 neutropenia is not a severe event (metrics.md version 2)");
        Assert.AreEqual(1.0, cost.Cost(new CycleSafetyOutcome(0.3, false)));
        Assert.AreEqual(2.0, cost.Cost(new CycleSafetyOutcome(0.3, true)));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => cost.Cost(new CycleSafetyOutcome(double.NaN, false))).Message, "MinimumAnc");
    }
}
