using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class RiskMeasuresTests
{
    private static double[] OneTo(int n) => Enumerable.Range(1, n).Select(i => (double)i).Reverse().ToArray();

    [TestMethod]
    public void WholeTailIsTheMeanOfTheWorstValues()
    {
        Assert.AreEqual(10.0, RiskMeasures.UpperCvar(OneTo(10), 0.9), 1e-12);   // 1 patient
        Assert.AreEqual(19.5, RiskMeasures.UpperCvar(OneTo(20), 0.9), 1e-12);   // (20 + 19) / 2
        Assert.AreEqual(29.0, RiskMeasures.UpperCvar(OneTo(30), 0.9), 1e-12);   // 0.1 * 30 taken as exactly 3
        Assert.AreEqual(3.5, RiskMeasures.UpperCvar([2.0, 4.0, 1.0, 3.0], 0.5), 1e-12);
    }

    [TestMethod]
    public void FractionalTailWeightsTheBoundaryValue()
    {
        // m = 0.1 * 25 = 2.5: (25 + 24 + 0.5 * 23) / 2.5.
        Assert.AreEqual(24.2, RiskMeasures.UpperCvar(OneTo(25), 0.9), 1e-12);
        // m = 0.1 * 15 = 1.5: (15 + 0.5 * 14) / 1.5.
        Assert.AreEqual(22.0 / 1.5, RiskMeasures.UpperCvar(OneTo(15), 0.9), 1e-12);
    }

    [TestMethod]
    public void TailSmallerThanOneSampleIsTheMaximumAndAlphaZeroIsTheMean()
    {
        Assert.AreEqual(7.0, RiskMeasures.UpperCvar([1.0, 7.0, 3.0, 2.0, 5.0], 0.9), 1e-12);
        Assert.AreEqual(3.6, RiskMeasures.UpperCvar([1.0, 7.0, 3.0, 2.0, 5.0], 0.0), 1e-12);
    }

    [TestMethod]
    public void RejectsBadLevelAndNonFiniteLosses()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => RiskMeasures.UpperCvar([1.0], 1.0));
        Assert.ThrowsExactly<ArgumentException>(() => RiskMeasures.UpperCvar([1.0, double.NaN], 0.9));
    }
    [TestMethod]
    public void WeightedTailTakesHeavyLossesFirstAndSplitsTheBoundaryWeight()
    {
        // Total weight 4, alpha 0.5 -> tail mass 2: loss 10 (weight 0.5), loss 8 (weight 1), then 0.5 of loss 5.
        double[] losses = [5.0, 10.0, 1.0, 8.0];
        double[] weights = [1.0, 0.5, 1.5, 1.0];
        Assert.AreEqual((0.5 * 10 + 8 + 0.5 * 5) / 2, RiskMeasures.UpperCvar(losses, weights, 0.5), 1e-12);
        // A zero-weight loss, however large, is not part of the distribution.
        Assert.AreEqual((0.5 * 10 + 8 + 0.5 * 5) / 2, RiskMeasures.UpperCvar([.. losses, 99.0], [.. weights, 0.0], 0.5), 1e-12);
    }

    [TestMethod]
    public void EqualWeightsGiveTheUnweightedCvar()
    {
        var losses = OneTo(25);
        var weights = Enumerable.Repeat(0.04, 25).ToArray();
        Assert.AreEqual(RiskMeasures.UpperCvar(losses, 0.9), RiskMeasures.UpperCvar(losses, weights, 0.9), 1e-9);
    }
}
