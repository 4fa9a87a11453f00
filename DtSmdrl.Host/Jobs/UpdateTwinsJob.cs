using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Data.Records;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// `update-twins`: for every patient with observations newer than its latest twin posterior, computes the
/// posterior from the prior and all its observations and appends it as a new version. One step (transaction)
/// per patient; a posterior conditioned on the same last observation is never written twice. A patient whose
/// update throws (e.g. values the sampler cannot handle) is quarantined and the others are updated
/// (<see cref="PoisonItems"/>); new observations or a changed record make it due again. In cluster mode
/// (<paramref name="cluster"/> registered) each patient's step is its twin grain's, several at once; the same rows result.
/// </summary>
public sealed class UpdateTwinsJob(Database database, IOptions<TwinUpdateOptions> options, PatientFanOut? cluster = null) : IJob
{
    private readonly TwinUpdater updater = new(options.Value);

    public string Name => JobNames.UpdateTwins;

    public string Run(JobContext context)
    {
        var due = database.Read(ObservationStore.PatientsWithNewObservations);
        long skippedObservations = 0, failed = 0;
        if (cluster is not null)
        {
            cluster.ForEach(context, due, async patientId =>
            {
                var (patient, stored) = database.Read(c => (PatientStore.Get(c, patientId), ObservationStore.ForPatient(c, patientId)));
                var inputHash = PoisonItems.InputHash(patient?.Sha256, stored.Max(s => s.Id), stored.Count);
                var done = await PoisonItems.TryPatientAsync(context, patientId, inputHash, async () =>
                {
                    _ = patient?.Record ?? throw new InvalidOperationException("observations are stored for a patient without a record; import the record first");
                    var result = await cluster.CallAsync(Name, () => cluster.Twin(patientId).UpdateTwinAsync(), context.Cancellation);
                    lock (context)
                    {
                        context.Commit(t =>
                        {
                            context.ClearQuarantine(t, FailedItemKind.Patient, patientId);
                            return result.Written is not null;
                        }, written => written ? 1 : 0);
                        skippedObservations += result.Skipped;
                    }
                });
                if (!done) Interlocked.Increment(ref failed);
            });
        }
        else
        {
            foreach (var patientId in due)
            {
                context.Step();
                context.Read++;
                var patient = database.Read(c => PatientStore.Get(c, patientId));
                var stored = database.Read(c => ObservationStore.ForPatient(c, patientId));
                var inputHash = PoisonItems.InputHash(patient?.Sha256, stored.Max(s => s.Id), stored.Count);
                var done = PoisonItems.TryPatient(context, patientId, inputHash, () =>
                {
                    var record = patient?.Record ?? throw new InvalidOperationException("observations are stored for a patient without a record; import the record first");
                    var (row, skipped) = Posterior(updater, patientId, record, stored, database.NowMs);
                    context.Commit(t =>
                    {
                        context.ClearQuarantine(t, FailedItemKind.Patient, patientId);
                        return PosteriorStore.Append(t, row) is not null;
                    }, written => written ? 1 : 0);
                    skippedObservations += skipped;
                });
                if (!done) failed++;
            }
        }
        if (skippedObservations > 0) context.Warnings += skippedObservations;
        context.Logger.LogInformation("update-twins: {Patients} patients due, {Written} posteriors written, {Skipped} observations not usable (gaps in the cycles), {Failed} patients quarantined",
            due.Count, context.Written, skippedObservations, failed);
        return $"{due.Count} patients with new observations: {context.Written} posterior versions written, {skippedObservations} observations not usable (cycle gaps), {failed} patients quarantined";
    }

    /// <summary>
    /// The job's step for one patient (also run by the clinician page after it stores an outcome): the posterior
    /// from all stored observations, appended as a new version. Returns the version written (null: one conditioned
    /// on the same observations exists, or the patient has none) and the observations the history could not use.
    /// </summary>
    public static (int? Version, int Skipped) UpdatePatient(Database database, TwinUpdater updater, string patientId)
    {
        var record = (database.Read(c => PatientStore.Get(c, patientId)) ?? throw new KeyNotFoundException($"Patient '{patientId}' is not in the store.")).Record;
        var stored = database.Read(c => ObservationStore.ForPatient(c, patientId));
        if (stored.Count == 0) return (null, 0);
        var (row, skipped) = Posterior(updater, patientId, record, stored, database.NowMs);
        return (database.Write(t => PosteriorStore.Append(t, row)), skipped);
    }

    /// <summary>The posterior row from the prior and all of a patient's stored observations, and how many it could not use.</summary>
    private static (StoredPosterior Row, int Skipped) Posterior(TwinUpdater updater, string patientId, PatientRecord record,
        IReadOnlyList<StoredObservation> stored, long nowMs)
    {
        var (posterior, history) = updater.Update(record, stored.Select(s => s.Observation).ToList());
        var row = new StoredPosterior(patientId, 0, stored.Max(s => s.Id), history.UsedObservations, history.Cycles,
            PosteriorSnapshot.Of(posterior), TwinUpdater.Summary(posterior).ToJsonString(), nowMs);
        return (row, history.Skipped);
    }
}
