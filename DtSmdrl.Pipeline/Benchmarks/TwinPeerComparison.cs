using DtSmdrl.Pipeline.Twin.Simulation;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>One run of a reference peer on a <see cref="TwinBenchmark"/> workload, as the peer reported it.</summary>
/// <param name="Python">The interpreter it ran on.</param>
/// <param name="PythonVersion">The interpreter's version.</param>
/// <param name="NumpyVersion">numpy's version.</param>
/// <param name="NumpySimd">The widest SIMD extension numpy dispatches to on this machine (e.g. AVX512_SKX; empty when numpy does not say).</param>
/// <param name="Patients">Patients simulated.</param>
/// <param name="Days">Days simulated per patient.</param>
/// <param name="Seconds">The peer's timed region: reset and simulation (reading the workload and writing results excluded).</param>
/// <param name="PatientDaysPerSecond">Patients x days / seconds.</param>
/// <param name="Checksum">Sum of the episode rewards, in patient order.</param>
/// <param name="WallSeconds">The peer's whole process as seen from here, start-up and loading included.</param>
public sealed record TwinPeerRun(string Python, string PythonVersion, string NumpyVersion, string NumpySimd, int Patients, int Days, double Seconds, double PatientDaysPerSecond, double Checksum, double WallSeconds);

/// <summary>How closely a peer's per-patient results match the C# simulator's on the same workload.</summary>
/// <param name="Tolerance">Largest relative difference accepted (relative to max(1, |C# value|)).</param>
/// <param name="Columns">Per-patient results compared (outcomes and the 23 state variables).</param>
/// <param name="PatientsOutside">Patients with at least one result outside the tolerance.</param>
/// <param name="MaxRelativeDifference">Largest relative difference over all patients and results.</param>
/// <param name="WorstColumn">The result where it occurred.</param>
/// <param name="ChecksumRelativeDifference">|peer checksum - C# checksum| / max(1, |C# checksum|).</param>
public sealed record TwinPeerAgreement(double Tolerance, int Columns, int PatientsOutside, double MaxRelativeDifference, string WorstColumn, double ChecksumRelativeDifference)
{
    /// <summary>Whether the checksums agree within the tolerance.</summary>
    public bool ChecksumsAgree => ChecksumRelativeDifference <= Tolerance;

    /// <summary>Whether every patient's results and the checksum agree within the tolerance.</summary>
    public bool Agrees => PatientsOutside == 0 && ChecksumsAgree;
}

/// <summary>The C# simulator and a peer on the same patients, seeds, plan and options, one thread each.</summary>
/// <param name="Simulator">The C# run (<see cref="TwinBenchmark"/>, the options' kernel).</param>
/// <param name="Peer">The peer's run.</param>
/// <param name="Agreement">How closely their results match.</param>
public sealed record TwinPeerComparison(TwinBenchmarkResult Simulator, TwinPeerRun Peer, TwinPeerAgreement Agreement)
{
    /// <summary>C# patient-days/s over the peer's.</summary>
    public double Speedup => Simulator.PatientDaysPerSecond / Peer.PatientDaysPerSecond;
}
