using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Evaluation.Uncertainty;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class UncertaintyCalibrationTests
{
    // Outcomes drawn from sigmoid(z); the model states sigmoid(3 z): overconfident by a factor of 3 on the logit scale.
    private static (double[] Stated, bool[] Outcomes) Overconfident(int count, int seed)
    {
        var rng = new Random(seed);
        var stated = new double[count];
        var outcomes = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var z = rng.NextDouble() * 4 - 2;
            outcomes[i] = rng.NextDouble() < BinaryLogLoss.Sigmoid(z);
            stated[i] = BinaryLogLoss.Sigmoid(3 * z);
        }
        return (stated, outcomes);
    }

    [TestMethod]
    public void TemperatureScalingLowersNllOfAnOverconfidentModel()
    {
        var (validation, validationOutcomes) = Overconfident(2000, seed: 1);
        var (test, testOutcomes) = Overconfident(2000, seed: 2);
        var scaling = TemperatureScaling.Fit(validation, validationOutcomes);

        Assert.AreEqual(3.0, scaling.Temperature, 0.4, "the fitted temperature undoes the factor of 3");
        var before = BinaryLogLoss.Mean(test, testOutcomes);
        var after = BinaryLogLoss.Mean(test.Select(scaling.Apply).ToArray(), testOutcomes);
        Assert.IsLessThan(before - 0.02, after, $"NLL {before:F4} -> {after:F4}");
        var eceBefore = Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram(test, testOutcomes));
        var eceAfter = Calibration.ExpectedCalibrationError(Calibration.ReliabilityDiagram(test.Select(scaling.Apply).ToArray(), testOutcomes));
        Assert.IsLessThan(eceBefore, eceAfter, $"ECE {eceBefore:F4} -> {eceAfter:F4}");
        Assert.AreEqual(scaling.Temperature, TemperatureScaling.Fit(validation, validationOutcomes).Temperature, "deterministic");
    }

    [TestMethod]
    public void TemperatureOfACalibratedModelStaysNearOneAndOneClassGivesIdentity()
    {
        var rng = new Random(3);
        var stated = Enumerable.Range(0, 4000).Select(_ => rng.NextDouble()).ToArray();
        var outcomes = stated.Select(p => rng.NextDouble() < p).ToArray();
        Assert.AreEqual(1.0, TemperatureScaling.Fit(stated, outcomes).Temperature, 0.15);
        Assert.AreEqual(1.0, TemperatureScaling.Fit([0.2, 0.9], [true, true]).Temperature);
    }

    [TestMethod]
    public void IsotonicPoolsViolatorsByHand()
    {
        // Sorted: 0.1 (0), 0.2 (1), 0.3 (0), 0.4 (1), 0.5 (1). 0.2 and 0.3 violate (1 then 0) and pool to rate 0.5 at x 0.25.
        var fit = IsotonicCalibration.Fit([0.4, 0.1, 0.3, 0.2, 0.5], [true, false, false, true, true]);
        CollectionAssert.AreEqual(new[] { 0.1, 0.25, 0.4, 0.5 }, fit.Thresholds.Select(t => Math.Round(t, 12)).ToArray());
        CollectionAssert.AreEqual(new[] { 0.0, 0.5, 1.0, 1.0 }, fit.Values.ToArray());
        Assert.AreEqual(0.5, fit.Apply(0.25), 1e-12);
        Assert.AreEqual(0.75, fit.Apply(0.325), 1e-12);
        Assert.AreEqual(0.0, fit.Apply(0.0));
        Assert.AreEqual(1.0, fit.Apply(1.0));
    }

    [TestMethod]
    public void IsotonicIsMonotoneAndCalibratesItsOwnData()
    {
        var (stated, outcomes) = Overconfident(1500, seed: 4);
        var fit = IsotonicCalibration.Fit(stated, outcomes);
        for (var k = 1; k < fit.Values.Count; k++)
        {
            Assert.IsGreaterThanOrEqualTo(fit.Values[k - 1], fit.Values[k]);
            Assert.IsGreaterThan(fit.Thresholds[k - 1], fit.Thresholds[k]);
        }
        var previous = -1.0;
        for (var p = 0.0; p <= 1.0; p += 0.001)
        {
            var q = fit.Apply(p);
            Assert.IsGreaterThanOrEqualTo(previous, q, $"at {p}");
            previous = q;
        }
        var calibrated = stated.Select(fit.Apply).ToArray();
        Assert.IsLessThan(BinaryLogLoss.Mean(stated, outcomes), BinaryLogLoss.Mean(calibrated, outcomes));
    }

    [TestMethod]
    public void ComparisonScoresTestSplitBeforeAndAfterAndWritesEveryBin()
    {
        var (validation, validationOutcomes) = Overconfident(600, seed: 5);
        var (test, testOutcomes) = Overconfident(600, seed: 6);
        var results = CalibrationComparison.Run("m", validation, validationOutcomes, test, testOutcomes);
        CollectionAssert.AreEqual(new[] { "uncalibrated", "temperature", "isotonic" }, results.Select(r => r.Stage).ToArray());
        Assert.IsTrue(results.Skip(1).All(r => r.Ece < results[0].Ece));
        var path = Path.GetTempFileName();
        try
        {
            CalibrationComparison.WriteReliabilityCsv(path, results);
            var lines = File.ReadAllLines(path);
            Assert.HasCount(1 + 3 * Calibration.DefaultBins, lines);
            Assert.AreEqual("model,stage,bin,lower,upper,mean_predicted,observed_frequency,count", lines[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void ConfidenceCombinesModelAndTwinSpreads()
    {
        var certain = RecommendationConfidence.Compute([0.7, 0.7, 0.7], [1, 1, 1, 1]);
        Assert.AreEqual(1.0, certain.Confidence, 1e-12);
        Assert.AreEqual(0.7, certain.ResponseProbability, 1e-12);
        // Model spread 0.1 (0.6 / 0.8), twin spread 0.5 (half respond): sqrt(0.01 + 0.25) / sqrt(0.5).
        var mixed = RecommendationConfidence.Compute([0.6, 0.8], [1, 0, 1, 0]);
        Assert.AreEqual(1 - Math.Sqrt(0.26 / 0.5), mixed.Confidence, 1e-12);
        Assert.AreEqual(0.1, mixed.ModelSpread, 1e-12);
        Assert.AreEqual(0.5, mixed.TwinSpread, 1e-12);
        var scaled = RecommendationConfidence.Compute([0.9, 0.9], new TemperatureScaling(2), [1]);
        Assert.AreEqual(BinaryLogLoss.Sigmoid(BinaryLogLoss.Logit(0.9) / 2), scaled.ResponseProbability, 1e-12);
        Assert.ThrowsExactly<ArgumentException>(() => RecommendationConfidence.Compute([1.2], [1]));
    }
}
