using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class RewardOptionsTests
{
    [TestMethod]
    public void QualityAdjustedDaysWeighsToxicityAndRelapseDays()
    {
        var defaults = new NsclcRewardOptions();
        Assert.AreEqual(100 + 0.5 * 20 + 0.5 * 40, defaults.QualityAdjustedDays(20, 100, 40), 1e-12);
        var sensitivity = new NsclcRewardOptions { ToxicityUtility = 0.25, RelapseUtility = 0.75 };
        Assert.AreEqual(100 + 0.25 * 20 + 0.75 * 40, sensitivity.QualityAdjustedDays(20, 100, 40), 1e-12);
        Assert.AreEqual(160, new NsclcRewardOptions { ToxicityUtility = 1, RelapseUtility = 1 }.QualityAdjustedDays(20, 100, 40), 1e-12, "utilities of 1 give the days survived");
    }

    [TestMethod]
    public void CostCountsTheNewSevereEventsOnly()
    {
        var weights = new NsclcRewardOptions();
        Assert.AreEqual(0.0, weights.Cost(0.7, false, false), "grade 3 neutropenia is toxicity, not a severe event");
        Assert.AreEqual(1.0, weights.Cost(0.3, false, false), "grade 4 neutropenia");
        Assert.AreEqual(3.0, weights.Cost(0.3, true, true), "grade 4 neutropenia, an irAE and a TKI event");
        Assert.AreEqual(2.5, new NsclcRewardOptions { TargetedEventCost = 2.5 }.Cost(2.0, false, true));
        Assert.IsFalse(NsclcRewardOptions.Severe(0.7, false, false));
        Assert.IsTrue(NsclcRewardOptions.Severe(2.0, false, true));
    }

    [TestMethod]
    public void OutOfRangeUtilitiesAndWeightsAreRejectedByName()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new NsclcRewardOptions { ToxicityUtility = 1.2 }.Validate()).Message, "ToxicityUtility");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new NsclcRewardOptions { RelapseUtility = double.NaN }.Validate()).Message, "RelapseUtility");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new NsclcRewardOptions { TargetedEventCost = -1 }.Validate()).Message, "TargetedEventCost");
        StringAssert.Contains(
            Assert.ThrowsExactly<ArgumentException>(() => new NsclcBatchSimulator(1, new NsclcSimulationOptions { Rewards = new NsclcRewardOptions { ToxicityUtility = -0.1 } })).Message,
            "ToxicityUtility");
    }
}
