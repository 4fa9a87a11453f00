using DtSmdrl.Pipeline.Benchmarks;
using DtSmdrl.Pipeline.Twin.Models;
using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Tests.Benchmarks;

[TestClass]
public sealed class TwinNumpyPeerTests
{
    // 64 prior patients for a year: enough for deaths, irAEs, targeted-therapy events and RECIST progression to occur
    // (checked below), so the comparison covers every path of the simulator, in about a second of numpy.
    private const int Patients = 64;
    private const int Days = 364;

    // The peer needs a Python with numpy: CI installs Debian's python3-numpy (.ci/numpy.sh), so there its absence is a failure.
    private static NumpyPython Python()
    {
        var python = NumpyPython.Find(null, out var whyNot);
        if (python is null)
        {
            var reason = $"The numpy peer cannot run: {whyNot}. Install numpy (`apt-get install -y python3-numpy`, as .ci/run does).";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)) Assert.Fail(reason);
            Assert.Inconclusive(reason);
        }

        return python;
    }

    [TestMethod]
    public void ThePeerSimulatesTheBenchmarkWorkloadAsTheSimulatorDoes()
    {
        var comparison = TwinNumpyPeer.Compare(Python(), Patients, Days);
        var a = comparison.Agreement;
        Assert.IsTrue(a.Agrees, $"{a.PatientsOutside} patients outside {a.Tolerance}; largest difference {a.MaxRelativeDifference} in {a.WorstColumn}; checksum {comparison.Peer.Checksum} vs {comparison.Simulator.Checksum}");
        Assert.AreEqual(comparison.Simulator.Checksum, comparison.Peer.Checksum, "rewards are whole days times 0.5 or 1: the sums are exact");
        Assert.AreEqual(Patients, comparison.Peer.Patients);
        Assert.AreEqual(Days, comparison.Peer.Days);
        Assert.AreEqual(TwinNumpyPeer.SimulatorColumns(TwinBenchmark.Measure(1, 1, 1).Simulator).Count, a.Columns);
        Assert.IsTrue(comparison.Peer.PatientDaysPerSecond > 0 && comparison.Speedup > 0);

        var sim = TwinBenchmark.Measure(Patients, Days, 1).Simulator;
        Assert.IsGreaterThan(0, sim.Alive.ToArray().Count(alive => !alive), "deaths were compared");
        Assert.IsGreaterThan(0, sim.StateVariable(NsclcState.IraeCount).ToArray().Count(n => n > 0), "irAEs were compared");
        Assert.IsGreaterThan(0, sim.StateVariable(NsclcState.TkaeCount).ToArray().Count(n => n > 0), "targeted-therapy events were compared");
        Assert.IsGreaterThan(0, sim.Progressed.ToArray().Count(p => p), "progression was compared");
    }

    [TestMethod]
    public void APeerThatIntegratesSlightlyDifferentlyIsCaught()
    {
        // The RK4 weight h/6 off by one part in 6 million: every state moves by far more than rounding does.
        const string exact = "(h / 6.0)";
        StringAssert.Contains(TwinNumpyPeer.Source, exact);
        var perturbed = TwinNumpyPeer.Source.Replace(exact, "(h / 6.000001)", StringComparison.Ordinal);
        var comparison = TwinNumpyPeer.Compare(Python(), Patients, 42, peerSource: perturbed);
        Assert.IsFalse(comparison.Agreement.Agrees);
        Assert.IsGreaterThan(Patients / 2, comparison.Agreement.PatientsOutside);
    }

    [TestMethod]
    public void APeerWithOtherDiceIsCaught()
    {
        // The SLD noise on another stream: the scans (and so the SLDs and RECIST calls) differ, the dynamics do not.
        const string stream = "SLD_NOISE_STREAM = 4";
        StringAssert.Contains(TwinNumpyPeer.Source, stream);
        var comparison = TwinNumpyPeer.Compare(Python(), Patients, 42, peerSource: TwinNumpyPeer.Source.Replace(stream, "SLD_NOISE_STREAM = 9", StringComparison.Ordinal));
        Assert.IsFalse(comparison.Agreement.Agrees);
        Assert.AreEqual(Patients, comparison.Agreement.PatientsOutside, "every patient's baseline scan differs");
    }

    [TestMethod]
    public void AFailingPeerReportsItsError()
    {
        var python = Python();
        var broken = TwinNumpyPeer.Source.Replace("def main(argv):", "def main(argv):\n    raise SystemExit('peer broken on purpose')", StringComparison.Ordinal);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => TwinNumpyPeer.Compare(python, 4, 2, peerSource: broken));
        StringAssert.Contains(e.Message, "peer broken on purpose");
    }

    [TestMethod]
    public void AMissingInterpreterIsNamedInTheReason()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dtsmdrl-no-such-python-" + Guid.NewGuid().ToString("N"));
        Assert.IsNull(NumpyPython.Find(missing, out var whyNot));
        StringAssert.Contains(whyNot, missing);
    }
}
