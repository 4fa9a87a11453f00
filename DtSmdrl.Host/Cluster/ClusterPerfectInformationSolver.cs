using DtSmdrl.Host.Options;
using DtSmdrl.Pipeline.Study.Truth;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// The study's perfect-information search on the cluster: one <see cref="IPerfectInformationWorkerGrain"/> call per
/// test patient, at most <see cref="ClusterModeOptions.MaxConcurrentPatients"/> in flight, each retried on cluster
/// failures by <see cref="PatientFanOut.CallAsync"/> (the jobs' rules). Results come back in test order and equal the
/// in-process search's. The methods' fitting and episodes stay in the study's process.
/// </summary>
public sealed class ClusterPerfectInformationSolver(IGrainFactory grains, PatientFanOut fanOut, IOptions<ClusterModeOptions> options,
    ILogger<ClusterPerfectInformationSolver> logger) : IPerfectInformationSolver
{
    public IReadOnlyList<PerfectInformationResult> Solve(PerfectInformationSettings settings, IReadOnlyList<EvaluationTruth> truth, Action? solved = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(truth);
        var settingsJson = PerfectInformationWork.WriteSettings(settings);
        var results = new PerfectInformationResult[truth.Count];
        logger.LogInformation("study: perfect-information search of {Patients} patients on the cluster, {InFlight} in flight",
            truth.Count, options.Value.MaxConcurrentPatients);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentPatients };
        Parallel.ForEachAsync(Enumerable.Range(0, truth.Count), parallel, async (i, cancellation) =>
        {
            var work = PerfectInformationWork.Of(settingsJson, truth[i]);
            var answer = await fanOut.CallAsync(Job, () => grains.GetGrain<IPerfectInformationWorkerGrain>(0).SolveAsync(work), cancellation);
            var result = answer.Read();
            if (result.PatientId != truth[i].Id)
                throw new InvalidOperationException($"The perfect-information worker answered for another patient than test patient {i + 1}.");
            results[i] = result;
            solved?.Invoke();
        }).GetAwaiter().GetResult();
        return results;
    }

    /// <summary>Active silos now (the manifest records where the search ran).</summary>
    public int ActiveSilos()
    {
        var hosts = grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        return hosts.Count;
    }

    private const string Job = "study";
}
