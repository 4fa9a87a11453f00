using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Benchmarks;

[TestClass]
public sealed class ScalarTwinBenchmarkTests
{
    [TestMethod]
    public void ScalarAndBatchedPathsSimulateTheSamePatientsAndPlans()
    {
        var result = ScalarTwinBenchmark.Run(patients: 12, cycles: 3);
        Assert.IsTrue(result.ChecksumsAgree, $"scalar {result.Scalar.Checksum}, batched {result.Batched.Checksum}");
        Assert.AreNotEqual(0.0, result.Scalar.Checksum);
        foreach (var r in new[] { result.Scalar, result.Batched })
        {
            Assert.AreEqual(12, r.Patients);
            Assert.AreEqual(63, r.Days);
            Assert.AreEqual(1, r.Threads);
            Assert.IsTrue(r.PatientDaysPerSecond > 0);
        }
        Assert.AreEqual(result.Batched.PatientDaysPerSecond / result.Scalar.PatientDaysPerSecond, result.Speedup, 1e-12);
    }
}
