using DtSmdrl.Pipeline.Fusion;
using DtSmdrl.Pipeline.Fusion.Evaluation;
using DtSmdrl.Pipeline.Tests.Preprocessing;

namespace DtSmdrl.Pipeline.Tests.Fusion;

[TestClass]
public sealed class FusionTwinPriorTests
{
    private static FusionPrediction Prediction(float[] mean, float[] spread, float[]? mcStd = null) =>
        new([0f], mean, mcStd ?? new float[mean.Length], spread, new float[mean.Length], [], [], [], [], []);

    [TestMethod]
    public void SampledLatentsFollowTheMeanAndSpread()
    {
        var patient = TestRecords.Patients(8, 31).First(p => p.Observed.Imaging is not null);
        var mean = Enumerable.Range(0, 16).Select(k => (float)(0.2 * k - 1.5)).ToArray();
        var spread = Enumerable.Range(0, 16).Select(k => k % 2 == 0 ? 0.3f : 0.8f).ToArray();
        var prior = new FusionTwinPrior();
        var rng = new Random(5);
        const int n = 4000;
        var draws = new double[n][];
        for (var i = 0; i < n; i++)
        {
            var covariates = prior.Prior.ObservedCovariates(patient.Observed, rng, useMeasuredSld: false);
            var latent = prior.SampleLatent(patient.Observed, Prediction(mean, spread), covariates, rng);
            Assert.AreEqual(patient.Observed.Imaging!.LesionDiametersMm.Count, latent.LesionCount, "observed lesion count kept");
            draws[i] = latent.Z;
        }
        for (var k = 0; k < 16; k++)
        {
            var values = draws.Select(z => z[k]).ToArray();
            var m = values.Average();
            var sd = Math.Sqrt(values.Average(v => (v - m) * (v - m)));
            Assert.AreEqual(mean[k], m, 4 * spread[k] / Math.Sqrt(n), $"mean of z[{k}]");
            Assert.AreEqual(spread[k], sd, 0.06 * spread[k], $"spread of z[{k}]");
        }
    }

    [TestMethod]
    public void McSpreadOfTheMeanWidensThePrior()
    {
        var mean = new float[16];
        var (_, spread) = FusionTwinPrior.MeanAndSpread(Prediction(mean, Enumerable.Repeat(0.3f, 16).ToArray(), Enumerable.Repeat(0.4f, 16).ToArray()));
        Assert.IsTrue(spread.All(s => Math.Abs(s - 0.5) < 1e-6), "sqrt(0.3² + 0.4²) = 0.5");
        var error = Assert.ThrowsExactly<ArgumentException>(() => FusionTwinPrior.MeanAndSpread(Prediction(new float[3], new float[3]), "P1"));
        StringAssert.Contains(error.Message, "'P1'");
        StringAssert.Contains(error.Message, "16");
    }

    [TestMethod]
    public void TwinsAreDeterministicForASeedAndUseThePopulationSldCoordinate()
    {
        var patient = TestRecords.Patients(8, 32).First(p => p.Observed.Imaging is not null);
        var prior = new FusionTwinPrior();
        // Mean = the patient's true z with a tiny spread: the twins must sit on the true baseline volume, which holds only if
        // z[0] is read in the population convention the cohort's truth uses (no measured SLD in the covariates).
        var truth = patient.Truth.LatentZ.Select(z => (float)z).ToArray();
        var tight = Prediction(truth, Enumerable.Repeat(1e-4f, 16).ToArray());
        var a = prior.SampleTwins(patient.Observed, tight, 20, new Random(9));
        var b = prior.SampleTwins(patient.Observed, tight, 20, new Random(9));
        CollectionAssert.AreEqual(a, b, "same seed, same twins");
        foreach (var twin in a)
        {
            Assert.AreEqual(patient.Truth.Parameters.V0, twin.V0, 1e-3 * patient.Truth.Parameters.V0, "baseline volume from the true z[0]");
            Assert.AreEqual(patient.Truth.Parameters.G, twin.G, 1e-3 * patient.Truth.Parameters.G, "growth rate from the true z[1]");
        }
        var wide = Prediction(truth, Enumerable.Repeat(0.5f, 16).ToArray());
        var c = prior.SampleTwins(patient.Observed, wide, 5, new Random(9));
        var d = prior.SampleTwins(patient.Observed, wide, 5, new Random(10));
        Assert.IsTrue(c.Zip(d).All(p => p.First.V0 != p.Second.V0), "another seed draws other twins");
    }

    [TestMethod]
    public void MeasuredSldOptionTakesTheBaselineFromTheLesions()
    {
        var patient = TestRecords.Patients(8, 33).First(p => p.Observed.Imaging is not null);
        var measured = patient.Observed.Imaging!.LesionDiametersMm.Sum();
        // A head that puts z[0] far from the truth: the option must ignore it and follow the measured lesions (SLD sd 5 mm).
        var mean = new float[16];
        mean[0] = 3f;
        var twins = new FusionTwinPrior(useMeasuredSld: true).SampleTwins(patient.Observed, Prediction(mean, Enumerable.Repeat(0.1f, 16).ToArray()), 200, new Random(4));
        var sld = twins.Select(t => DtSmdrl.Pipeline.Twin.Models.NsclcDynamics.SldFromVolume(t.V0, t.LesionCount)).ToArray();
        Assert.AreEqual(measured, sld.Average(), 1.5, "twins centre on the measured SLD");
        Assert.IsTrue(sld.All(x => Math.Abs(x - measured) < 25), "within 5 sd of the measurement noise");
        var headOnly = new FusionTwinPrior().SampleTwins(patient.Observed, Prediction(mean, Enumerable.Repeat(0.1f, 16).ToArray()), 50, new Random(4));
        Assert.IsTrue(headOnly.Average(t => t.V0) > 2 * twins.Average(t => t.V0), "without the option z[0] = 3 gives a much larger tumour");
    }

    [TestMethod]
    public void CrpsMatchesTheClosedFormAndTheSampleEstimate()
    {
        // CRPS of N(0, 1) at its mean is (sqrt 2 - 1)/sqrt pi.
        Assert.AreEqual((Math.Sqrt(2) - 1) / Math.Sqrt(Math.PI), PriorScores.GaussianCrps(0, 1, 0), 1e-12);
        var rng = new Random(3);
        var samples = Enumerable.Range(0, 20000).Select(_ => 1.0 + 2.0 * DtSmdrl.Pipeline.Twin.StandardNormal.Sample(rng)).ToArray();
        Assert.AreEqual(PriorScores.GaussianCrps(1, 2, 2.5), PriorScores.SampleCrps(samples, 2.5), 0.02);
        // A point mass: CRPS = |x - y|.
        Assert.AreEqual(3.0, PriorScores.SampleCrps([4.0, 4.0, 4.0], 1.0), 1e-12);
    }
}
