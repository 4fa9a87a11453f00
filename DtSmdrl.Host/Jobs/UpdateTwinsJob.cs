using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// `update-twins`: for every patient with observations newer than its latest twin posterior, computes the
/// posterior from the prior and all its observations and appends it as a new version. One step (transaction)
/// per patient; a posterior conditioned on the same last observation is never written twice.
/// </summary>
public sealed class UpdateTwinsJob(Database database, IOptions<TwinUpdateOptions> options) : IJob
{
    private readonly TwinUpdater updater = new(options.Value);

    public string Name => JobNames.UpdateTwins;

    public string Run(JobContext context)
    {
        var due = database.Read(ObservationStore.PatientsWithNewObservations);
        long skippedObservations = 0;
        foreach (var patientId in due)
        {
            context.Step();
            context.Read++;
            var (written, skipped) = UpdatePatient(database, updater, patientId);
            skippedObservations += skipped;
            if (written is not null) context.Written++;
        }
        if (skippedObservations > 0) context.Warnings += skippedObservations;
        context.Logger.LogInformation("update-twins: {Patients} patients due, {Written} posteriors written, {Skipped} observations not usable (gaps in the cycles)",
            due.Count, context.Written, skippedObservations);
        return $"{due.Count} patients with new observations: {context.Written} posterior versions written, {skippedObservations} observations not usable (cycle gaps)";
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
        var (posterior, history) = updater.Update(record, stored.Select(s => s.Observation).ToList());
        var row = new StoredPosterior(patientId, 0, stored.Max(s => s.Id), history.UsedObservations, history.Cycles,
            PosteriorSnapshot.Of(posterior), TwinUpdater.Summary(posterior).ToJsonString(), database.NowMs);
        return (database.Write(t => PosteriorStore.Append(t, row)), history.Skipped);
    }
}
