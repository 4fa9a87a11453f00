using DtSmdrl.Pipeline.Agent;

namespace DtSmdrl.Pipeline.Tests.Agent;

[TestClass]
public sealed class ThresholdShieldTests
{
    [TestMethod]
    public void MasksRiskyActionsAndKeepsForbiddenOnesForbidden()
    {
        var shield = new ThresholdShield(0.2);
        bool[] mask = [true, true, false, true, true];
        double[] risk = [0.0, 0.5, 0.0, 0.2, double.NaN];
        var result = shield.Mask(new ShieldContext([], risk), mask);
        CollectionAssert.AreEqual(new[] { true, false, false, true, false }, mask);
        Assert.AreEqual(2, result.MaskedByShield);
        Assert.IsFalse(result.AllMasked);
    }

    [TestMethod]
    public void FallsBackToHoldAndFlagsItWhenEverythingIsUnsafe()
    {
        var shield = new ThresholdShield(0.1);
        bool[] mask = [true, true, true];
        var result = shield.Mask(new ShieldContext([], [0.3, 0.4, 0.9]), mask);
        CollectionAssert.AreEqual(new[] { true, false, false }, mask);
        Assert.IsTrue(result.AllMasked);
        Assert.AreEqual(3, result.MaskedByShield);
    }

    [TestMethod]
    public void RejectsAMismatchedRiskVector()
    {
        var error = Assert.ThrowsExactly<ArgumentException>(() => new ThresholdShield(0.1).Mask(new ShieldContext([], [0.3]), new bool[3]));
        StringAssert.Contains(error.Message, "1 severe-toxicity probabilities for 3 actions");
    }
}
