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
            var record = database.Read(c => PatientStore.Get(c, patientId))!.Value.Record;
            var stored = database.Read(c => ObservationStore.ForPatient(c, patientId));
            var (posterior, history) = updater.Update(record, stored.Select(s => s.Observation).ToList());
            skippedObservations += history.Skipped;
            var row = new StoredPosterior(patientId, 0, stored.Max(s => s.Id), history.UsedObservations, history.Cycles,
                PosteriorSnapshot.Of(posterior), TwinUpdater.Summary(posterior).ToJsonString(), database.NowMs);
            if (database.Write(t => PosteriorStore.Append(t, row)) is not null) context.Written++;
        }
        if (skippedObservations > 0) context.Warnings += skippedObservations;
        context.Logger.LogInformation("update-twins: {Patients} patients due, {Written} posteriors written, {Skipped} observations not usable (gaps in the cycles)",
            due.Count, context.Written, skippedObservations);
        return $"{due.Count} patients with new observations: {context.Written} posterior versions written, {skippedObservations} observations not usable (cycle gaps)";
    }
}
