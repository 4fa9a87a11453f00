using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace DtSmdrl.Host.Cluster;

/// <summary>The heavy part of a twin update (the particle posterior), on whichever silo calls it.</summary>
[Alias("dtsmdrl.twin-posterior-worker")]
public interface ITwinPosteriorWorkerGrain : IGrainWithIntegerKey
{
    [Alias("update")]
    Task<TwinUpdateResult> UpdateAsync(string patientId);
}

/// <summary>
/// A stateless worker: Orleans runs as many local activations as calls need (up to the core count), so the particle
/// sampler of many patients runs in parallel on each silo. The step is the update-twins job's own
/// (<see cref="UpdateTwinsJob.UpdatePatient"/>: <see cref="TwinUpdater"/> and <see cref="PosteriorStore.Append"/>),
/// which never writes a second version conditioned on the same observations.
/// </summary>
[StatelessWorker]
public sealed class TwinPosteriorWorkerGrain(Database database, IOptions<TwinUpdateOptions> options) : Grain, ITwinPosteriorWorkerGrain
{
    private readonly TwinUpdater updater = new(options.Value);

    // Task.Run: the sampler is seconds of CPU; off the grain scheduler, the silo keeps answering other calls meanwhile.
    public Task<TwinUpdateResult> UpdateAsync(string patientId) => Task.Run(() => ClusterStoreException.Guard(() =>
    {
        var (written, skipped) = UpdateTwinsJob.UpdatePatient(database, updater, patientId);
        var (latest, ids) = database.Read(c =>
        {
            var last = c.Query("SELECT version, last_observation_id FROM twin_posteriors WHERE patient_id = @p ORDER BY version DESC LIMIT 1",
                r => (Version: (int)r.Long(0), LastObservation: r.Long(1)), ("@p", patientId)).FirstOrDefault();
            var used = last.Version == 0 ? [] : c.Query("SELECT id FROM observations WHERE patient_id = @p AND id <= @o ORDER BY id",
                r => r.Long(0), ("@p", patientId), ("@o", last.LastObservation)).ToArray();
            return (last.Version == 0 ? (int?)null : last.Version, used);
        });
        return new TwinUpdateResult(written, skipped, latest, ids);
    }));
}
