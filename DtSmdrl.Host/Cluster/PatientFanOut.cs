using System.Diagnostics;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Messaging;
using Orleans.Storage;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// How update-twins and recommend-batch run on the cluster: each due patient's step is a call to its twin grain, at
/// most <see cref="ClusterModeOptions.MaxConcurrentPatients"/> in flight. Registered only in cluster mode; without it
/// the jobs run in process. The job's bookkeeping (step boundary, counters, quarantine) stays in the job's process
/// and is serialised here, since <see cref="JobContext"/> is single-threaded.
/// </summary>
public sealed class PatientFanOut(IGrainFactory grains, IOptions<ClusterModeOptions> options, ILogger<PatientFanOut> logger)
{
    private readonly ClusterModeOptions settings = options.Value;

    /// <summary>The twin grain of a patient of this service's tenant.</summary>
    public IPatientTwinGrain Twin(string patientId) =>
        grains.GetGrain<IPatientTwinGrain>(new PatientTwinKey(settings.Tenant, patientId).ToString());

    /// <summary>
    /// Runs <paramref name="step"/> for every patient with bounded concurrency. Each one first passes the job's step
    /// boundary (a stop request or a lost lease ends the run there; steps already in flight finish). Blocks until all are done.
    /// </summary>
    public void ForEach(JobContext context, IReadOnlyList<string> patients, Func<string, Task> step)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentPatients, CancellationToken = context.Cancellation };
        Parallel.ForEachAsync(patients, parallel, async (patientId, _) =>
        {
            lock (context)
            {
                context.Step();
                context.Read++;
            }
            await step(patientId);
        }).GetAwaiter().GetResult();
    }

    /// <summary>
    /// One grain call, tried again when the cluster failed rather than the input: a silo that stopped or died while it
    /// held the grain, a connection lost, a duplicate activation's ETag clash. Every step is idempotent against the
    /// store, so a retried call writes nothing twice.
    /// </summary>
    public async Task<T> CallAsync<T>(string job, Func<Task<T>> call, CancellationToken cancellation)
    {
        var start = Stopwatch.GetTimestamp();
        var budget = TimeSpan.FromSeconds(settings.RetrySeconds);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await call().WaitAsync(TimeSpan.FromSeconds(settings.CallTimeoutSeconds), cancellation);
                ClusterMetrics.PatientSteps.Add(1, new("job", job), new("outcome", "ok"));
                return result;
            }
            catch (Exception e) when (IsClusterFailure(e) && Stopwatch.GetElapsedTime(start) < budget)
            {
                ClusterMetrics.PatientSteps.Add(1, new("job", job), new("outcome", "retried"));
                logger.LogWarning("{Job}: a patient's grain call failed with {ExceptionType} (attempt {Attempt}); calling again",
                    job, e.GetType().Name, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(5000, 250 * attempt)), cancellation);
            }
        }
    }

    /// <summary>Failures of the cluster, never of a patient's input (those are quarantined as in process).</summary>
    public static bool IsClusterFailure(Exception e) => e is SiloUnavailableException or OrleansMessageRejectionException
        or ConnectionFailedException or ClientNotAvailableException or GatewayTooBusyException or InconsistentStateException or TimeoutException;
}
