using DtSmdrl.Pipeline.Evaluation;
using static DtSmdrl.Pipeline.Tests.Evaluation.TestOutcomes;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class CalibrationTests
{
    // Bin 0 [0, 1/15): 0.02 (no), 0.04 (no)            -> mean 0.03, observed 0,   gap 0.03,  n 2
    // Bin 7 [7/15, 8/15): 0.5 (yes), 0.5 (no)          -> mean 0.5,  observed 0.5, gap 0,     n 2
    // Bin 10 [10/15, 11/15): 0.7 (yes)                 -> mean 0.7,  observed 1,   gap 0.3,   n 1
    // Bin 14 [14/15, 1]: 1.0 (yes), 0.95 (yes), 0.96 (no) -> mean 0.97, observed 2/3, gap 0.97 - 2/3, n 3
    // ECE = (2 * 0.03 + 0 + 0.3 + 3 * (0.97 - 2/3)) / 8 = (0.06 + 0.3 + 0.91) / 8 = 0.15875.
    private static readonly PatientOutcome[] Cohort =
    [
        Make("a", RecistResponse.SD, probability: 0.02),
        Make("b", RecistResponse.PD, probability: 0.04),
        Make("c", RecistResponse.PR, probability: 0.5),
        Make("d", RecistResponse.SD, probability: 0.5),
        Make("e", RecistResponse.CR, probability: 0.7),
        Make("f", RecistResponse.CR, probability: 1.0),
        Make("g", RecistResponse.PR, probability: 0.95),
        Make("h", RecistResponse.SD, probability: 0.96),
        Make("i", RecistResponse.CR),
    ];

    [TestMethod]
    public void EceMatchesHandComputation()
    {
        Assert.AreEqual(0.15875, Calibration.ExpectedCalibrationError(Cohort), 1e-12);
    }

    [TestMethod]
    public void ReliabilityDiagramHasFifteenBinsWithCountsAndMeans()
    {
        var bins = Calibration.ReliabilityDiagram(Cohort);
        Assert.HasCount(15, bins);
        CollectionAssert.AreEqual(new[] { 2, 0, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 3 }, bins.Select(b => b.Count).ToArray());
        Assert.AreEqual(0.03, bins[0].MeanPredicted, 1e-12);
        Assert.AreEqual(0.0, bins[0].ObservedFrequency, 1e-12);
        Assert.AreEqual(0.97, bins[14].MeanPredicted, 1e-12);
        Assert.AreEqual(2.0 / 3, bins[14].ObservedFrequency, 1e-12);
        Assert.AreEqual(14.0 / 15, bins[14].Lower, 1e-12);
        Assert.AreEqual(1.0, bins[14].Upper, 1e-12);
        Assert.IsTrue(double.IsNaN(bins[1].MeanPredicted));
    }

    [TestMethod]
    public void PerfectlyCalibratedBinsGiveZeroAndNoProbabilitiesGiveNaN()
    {
        var ece = Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram([0.5, 0.5, 0.0, 1.0], [true, false, false, true]));
        Assert.AreEqual(0.0, ece, 1e-12);
        Assert.IsTrue(double.IsNaN(Calibration.ExpectedCalibrationError([Make("a")])));
    }
}
