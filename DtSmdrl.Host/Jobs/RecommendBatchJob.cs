using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Logging;

namespace DtSmdrl.Host.Jobs;

/// <summary>
/// `recommend-batch`: a recommendation for every patient due for a cycle, i.e. whose latest twin posterior (or
/// prior, before any outcome) has no batch recommendation from the current model yet. One step per patient;
/// the check and the append share a transaction, so a re-run never writes one twice. A patient whose
/// recommendation throws (e.g. schema-valid values the engine cannot handle) is quarantined and every other
/// patient still gets one (<see cref="PoisonItems"/>); a changed record, posterior or model tries it again. In cluster
/// mode (<paramref name="cluster"/> registered) each patient's step is its twin grain's, several at once; the same rows result.
/// </summary>
public sealed class RecommendBatchJob(Database database, Recommender recommender, ModelRegistry models, PatientFanOut? cluster = null) : IJob
{
    public const string Source = "batch";

    public string Name => JobNames.RecommendBatch;

    public string Run(JobContext context)
    {
        var (model, _) = models.Current();
        var patients = database.Read(c => c.Query(
            """
            SELECT p.patient_id, (SELECT MAX(t.version) FROM twin_posteriors t WHERE t.patient_id = p.patient_id)
            FROM patients p ORDER BY p.patient_id
            """,
            r => (Id: r.GetString(0), Posterior: (int?)r.NullableLong(1))));
        var recordHashes = database.Read(c => c.Query("SELECT patient_id, record_sha256 FROM patients", r => (Id: r.GetString(0), Sha: r.GetString(1))))
            .ToDictionary(p => p.Id, p => p.Sha, StringComparer.Ordinal);
        var due = database.Read(c => patients.Where(p => c.Scalar(
            "SELECT 1 FROM recommendations WHERE patient_id = @p AND model_version = @m AND source = @s AND " +
            (p.Posterior is null ? "posterior_version IS NULL" : "posterior_version = @v"),
            ("@p", p.Id), ("@m", model.Version), ("@s", Source), ("@v", p.Posterior)) is null).ToList());
        int failed = 0, refused = 0;
        if (cluster is not null)
        {
            var posteriors = due.ToDictionary(p => p.Id, p => p.Posterior, StringComparer.Ordinal);
            cluster.ForEach(context, due.Select(p => p.Id).ToList(), async patientId =>
            {
                var inputHash = PoisonItems.InputHash(recordHashes.GetValueOrDefault(patientId), posteriors[patientId], model.Version, model.FileSha256);
                var done = await PoisonItems.TryPatientAsync(context, patientId, inputHash, async () =>
                {
                    var result = await cluster.CallAsync(Name, () => cluster.Twin(patientId).RecommendBatchAsync(), context.Cancellation);
                    lock (context)
                    {
                        if (result.Refusal is not null)
                        {
                            refused++;
                            context.Warnings++;
                            return;
                        }
                        context.Commit(t =>
                        {
                            context.ClearQuarantine(t, FailedItemKind.Patient, patientId);
                            return result.Written;
                        }, written => written ? 1 : 0);
                    }
                });
                if (!done) Interlocked.Increment(ref failed);
            });
        }
        else
        {
            foreach (var patient in due)
            {
                context.Step();
                context.Read++;
                var inputHash = PoisonItems.InputHash(recordHashes.GetValueOrDefault(patient.Id), patient.Posterior, model.Version, model.FileSha256);
                var refusedNow = false;
                var done = PoisonItems.TryPatient(context, patient.Id, inputHash, () =>
                {
                    StoredRecommendation recommendation;
                    try
                    {
                        recommendation = recommender.Compute(patient.Id, Source);
                    }
                    catch (RecommendationRefusedException)
                    {
                        // Inputs outside the model's training range: no plan, a warning (not a quarantine); asked again
                        // after the next model or record.
                        refusedNow = true;
                        return;
                    }
                    context.Commit(t =>
                    {
                        context.ClearQuarantine(t, FailedItemKind.Patient, patient.Id);
                        if (RecommendationStore.Exists(t, patient.Id, recommendation.ModelVersion, recommendation.PosteriorVersion, Source)) return false;
                        RecommendationStore.Append(t, recommendation);
                        return true;
                    }, written => written ? 1 : 0);
                });
                if (refusedNow)
                {
                    refused++;
                    context.Warnings++;
                }
                if (!done) failed++;
            }
        }
        context.Logger.LogInformation("recommend-batch: {Due} of {Patients} patients due, {Written} recommendations written with model v{Version}, {Refused} refused (inputs outside the training range), {Failed} patients quarantined",
            due.Count, patients.Count, context.Written, model.Version, refused, failed);
        return $"{due.Count} of {patients.Count} patients due: {context.Written} recommendations written with model v{model.Version}, {refused} refused (inputs outside the training range), {failed} patients quarantined";
    }
}
