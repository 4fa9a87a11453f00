using System.Diagnostics;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Time per patient of the exhaustive oracle (metrics.md performance metrics).</summary>
public static class OracleBenchmark
{
    /// <summary>Solves <paramref name="patients"/> twins and returns seconds per patient and the library size.</summary>
    public static (double SecondsPerPatient, int Plans) Run(IReadOnlyList<NsclcParameters> patients, TwinEnvironmentOptions? options = null)
    {
        options ??= new TwinEnvironmentOptions();
        var oracle = new Oracle(new PlanLibrary(options.Simulation.Actions, options.Cycles), options);
        oracle.Solve(patients[0], 1); // warm-up: JIT and first-touch of the buffers
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < patients.Count; i++)
            oracle.Solve(patients[i], (ulong)i + 1);
        return (watch.Elapsed.TotalSeconds / patients.Count, oracle.Library.Count);
    }
}
