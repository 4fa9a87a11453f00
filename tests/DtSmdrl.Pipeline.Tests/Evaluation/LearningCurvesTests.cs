using DtSmdrl.Pipeline.Evaluation;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class LearningCurvesTests
{
    private static TrainingCurvePoint[] Curve(IEnumerable<double> returns) =>
        returns.Select((r, i) => new TrainingCurvePoint(EnvSteps: 1000L * i, Seconds: 0.5 * i, Return: r, Cost: 0)).ToArray();

    [TestMethod]
    public void ConvergesAtFirstPointReachingNinetyFivePercentOfPlateau()
    {
        // 20 points: 0, 10, ..., 90 then 100 x 10. Plateau = mean of last 2 = 100; window 1; target 95.
        var curve = Curve(Enumerable.Range(0, 10).Select(i => 10.0 * i).Concat(Enumerable.Repeat(100.0, 10)));
        var result = LearningCurves.Convergence(curve);
        Assert.IsTrue(result.Reached);
        Assert.AreEqual(10, result.Index);
        Assert.AreEqual(10_000L, result.EnvSteps);
        Assert.AreEqual(5.0, result.Seconds, 1e-12);
        Assert.AreEqual(100.0, result.Plateau, 1e-12);
        Assert.AreEqual(95.0, result.Target, 1e-9);
    }

    [TestMethod]
    public void SmoothingIgnoresASingleSpike()
    {
        // 40 points -> window 2, plateau over the last 4. A spike of 150 at index 10 smooths to 75 < 95;
        // from index 20 returns are 100, so index 20 smooths to 50 and index 21 to 100.
        var returns = new double[40];
        returns[10] = 150;
        for (var i = 20; i < 40; i++) returns[i] = 100;
        var result = LearningCurves.Convergence(Curve(returns));
        Assert.AreEqual(21, result.Index);
    }

    [TestMethod]
    public void NegativePlateauUsesFivePercentBelowIt()
    {
        // Plateau -50 -> target -52.5, first reached at index 5.
        var curve = Curve(Enumerable.Repeat(-100.0, 5).Concat(Enumerable.Repeat(-50.0, 15)));
        var result = LearningCurves.Convergence(curve);
        Assert.AreEqual(-52.5, result.Target, 1e-12);
        Assert.AreEqual(5, result.Index);
    }

    [TestMethod]
    public void AdaptationCountsUpdatesUntilNinetyPercentOfOracle()
    {
        Assert.AreEqual(3, LearningCurves.AdaptationUpdates([10.0, 50.0, 85.0, 91.0, 95.0], 100));
        Assert.AreEqual(0, LearningCurves.AdaptationUpdates([90.0], 100));
        Assert.IsNull(LearningCurves.AdaptationUpdates([10.0, 20.0], 100));
        // Negative oracle -100: threshold -110.
        Assert.AreEqual(2, LearningCurves.AdaptationUpdates([-130.0, -115.0, -109.0], -100));
    }

    [TestMethod]
    public void AFlatNoisyTailHasPlateaued()
    {
        // 40 points: a rise, then noise of +-1 around 50 for the last 20 (windows of 4 points each).
        var returns = Enumerable.Range(0, 20).Select(i => 2.5 * i).Concat(Enumerable.Range(0, 20).Select(i => 50.0 + (i % 2 == 0 ? 1 : -1))).ToArray();
        Assert.IsTrue(LearningCurves.HasPlateaued(Curve(returns)));
    }

    [TestMethod]
    public void ACurveStillRisingBeyondItsNoiseHasNotPlateaued()
    {
        // Rising by 1 per point with +-0.5 noise: the last window's mean is 4 above the window before, far outside 2 SE.
        var returns = Enumerable.Range(0, 40).Select(i => i + (i % 2 == 0 ? 0.5 : -0.5)).ToArray();
        Assert.IsFalse(LearningCurves.HasPlateaued(Curve(returns)));
        Assert.IsFalse(LearningCurves.HasPlateaued(Curve([1.0, 1.0, 1.0])), "fewer than two windows of two points");
        Assert.IsTrue(LearningCurves.HasPlateaued(Curve([1.0, 1.0, 1.0, 1.0])), "a constant curve is flat");
    }
}
