using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Fusion;
using TorchSharp;

namespace DtSmdrl.Pipeline.Tests.Benchmarks;

[TestClass]
public sealed class FusionBenchmarkTests
{
    [TestMethod]
    public void ReportsTrainingAndInferenceThroughputAndRestoresTheTorchThreads()
    {
        var previous = torch.get_num_threads();
        var options = new FusionOptions { ModelDimension = 8, Layers = 1, Heads = 2 };
        var result = FusionBenchmark.Run(patients: 48, epochs: 1, mcPasses: 2, threads: 1, options: options);
        Assert.AreEqual(previous, torch.get_num_threads());
        Assert.AreEqual(1, result.Threads);
        Assert.AreEqual(48, result.Patients);
        Assert.AreEqual(FusionSyntheticCohort.Specs.Count, result.Modalities);
        Assert.AreEqual(FusionSyntheticCohort.Specs.Sum(s => s.FeatureCount), result.Features);
        Assert.AreEqual(2, result.McPasses);
        Assert.IsTrue(result.SecondsPerEpoch > 0);
        Assert.AreEqual(48 / result.SecondsPerEpoch, result.TrainingPatientsPerSecond, 1e-9);
        Assert.IsTrue(result.PatientsPerSecond > 0 && result.McPatientsPerSecond > 0);
    }
}
