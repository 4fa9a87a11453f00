using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Twin;

[TestClass]
public sealed class RecistTests
{
    [TestMethod]
    public void ClassifiesHandMadeAssessments()
    {
        Assert.AreEqual(RecistResponse.CompleteResponse, Recist.Classify(80, 40, 0));
        Assert.AreEqual(RecistResponse.PartialResponse, Recist.Classify(80, 80, 56));      // exactly -30%
        Assert.AreEqual(RecistResponse.StableDisease, Recist.Classify(80, 80, 56.5));      // -29.4%
        Assert.AreEqual(RecistResponse.ProgressiveDisease, Recist.Classify(80, 50, 60));   // +20% and +10 mm from nadir
        Assert.AreEqual(RecistResponse.PartialResponse, Recist.Classify(80, 20, 24));      // +20% but only +4 mm: not PD, still -70%
        Assert.AreEqual(RecistResponse.ProgressiveDisease, Recist.Classify(80, 20, 25));   // +25% and +5 mm
        Assert.AreEqual(RecistResponse.ProgressiveDisease, Recist.Classify(100, 30, 40));  // PD beats PR (-60% vs baseline)
        Assert.ThrowsExactly<ArgumentException>(() => Recist.Classify(80, 80, -1));
    }

    [TestMethod]
    public void BestOverallResponseStopsAtFirstProgression()
    {
        Assert.AreEqual(RecistResponse.PartialResponse, Recist.BestOverallResponse([100, 90, 65, 70, 90]));
        Assert.AreEqual(RecistResponse.StableDisease, Recist.BestOverallResponse([100, 110, 140, 50]));  // SD at 110, PD at 140; the later drop does not count
        Assert.AreEqual(RecistResponse.ProgressiveDisease, Recist.BestOverallResponse([100, 125, 60]));
        Assert.AreEqual(RecistResponse.CompleteResponse, Recist.BestOverallResponse([40, 20, 0, 0]));
        Assert.AreEqual(RecistResponse.NotEvaluable, Recist.BestOverallResponse([40]));
    }

    [TestMethod]
    public void ProgressionFreeSurvivalUsesTheScanGrid()
    {
        double[] days = [42, 84, 126, 168];
        var pd = Recist.ProgressionFreeSurvival(days, 80, [70, 60, 75, 90], deathDay: null, censorDay: 364);
        Assert.AreEqual((126.0, true), pd);   // 75 >= 1.2 * 60 and +15 mm

        var death = Recist.ProgressionFreeSurvival(days, 80, [70, 60, 62, 63], deathDay: 100, censorDay: 364);
        Assert.AreEqual((100.0, true), death);

        var censored = Recist.ProgressionFreeSurvival(days, 80, [70, 60, 62, 63], deathDay: null, censorDay: 364);
        Assert.AreEqual((364.0, false), censored);
    }
}
