using System.Diagnostics;
using DtSmdrl.Pipeline.Env;
using DtSmdrl.Pipeline.Evaluation;
using DtSmdrl.Pipeline.Study;
using DtSmdrl.Pipeline.Study.Truth;
using DtSmdrl.Pipeline.Twin.Models;

namespace DtSmdrl.Pipeline.Benchmarks;

/// <summary>Time per patient of the perfect-information planner as the study runs it (metrics.md performance metrics).</summary>
public static class OracleBenchmark
{
    /// <summary>
    /// Solves <paramref name="patients"/> twins (16 oracle replicates, 4 evaluation replicates, the study's utility and
    /// the sensitivity grid) on one thread and returns seconds per patient, the library size and the mean distinct
    /// trajectories simulated per node and cycle (<see cref="PerfectInformationPlanner.TrajectoriesPerNode"/>: per tree
    /// level, the follow-up, the valuation) over the measured patients.
    /// </summary>
    public static (double SecondsPerPatient, int Plans, IReadOnlyList<double> TrajectoriesPerNode) Run(IReadOnlyList<NsclcParameters> patients, TwinEnvironmentOptions? options = null,
        int oracleReplicates = 16, int evaluationReplicates = 4)
    {
        ArgumentNullException.ThrowIfNull(patients);
        if (patients.Count == 0) throw new ArgumentException("The benchmark needs at least one patient.", nameof(patients));
        options ??= new TwinEnvironmentOptions();
        var planner = new PerfectInformationPlanner(new PlanLibrary(options.Simulation.Actions, options.Cycles), options,
            oracleReplicates, evaluationReplicates, [QtwistUtility.Default, .. QtwistUtility.SensitivityGrid]);
        // JIT and first-touch of the buffers, on a planner of its own so the trajectory counts are the measured patients'.
        new PerfectInformationPlanner(planner.Library, options, oracleReplicates, evaluationReplicates, [QtwistUtility.Default])
            .Solve(new EvaluationTruth("warm-up", patients[0], 1));
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < patients.Count; i++)
            planner.Solve(new EvaluationTruth($"p{i}", patients[i], (ulong)i + 1));
        return (watch.Elapsed.TotalSeconds / patients.Count, planner.Library.Count, planner.TrajectoriesPerNode);
    }
}
