using DtSmdrl.Host.Engine;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace DtSmdrl.Host.Tests.Jobs;

/// <summary>
/// One bad input never stops a job: the file or patient that throws is quarantined (failed_items, rejects folder),
/// the rest is processed, the run succeeds with warnings, and a fixed input is picked up and clears the entry.
/// </summary>
[TestClass]
public sealed class PoisonInputTests
{
    private static string cohort = "";

    private static string Observation(string patient, int cycle, double anc) =>
        $$"""{"patient_id":"{{patient}}","observed_at":"2026-0{{cycle}}-22T09:00:00+00:00","cycle":{{cycle}},"labs":{"collected_at":"2026-0{{cycle}}-22T08:00:00+00:00","anc_10e9_per_l":{{anc}}},"treatment_given":"chemo_full"}""";

    [ClassInitialize]
    public static void MakeCohort(TestContext _) => cohort = TestCohorts.Write();

    [ClassCleanup]
    public static void RemoveCohort() => Directory.Delete(cohort, recursive: true);

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void AnInboxFileThatThrowsIsQuarantinedAndTheFilesAfterItAreIngested(string provider)
    {
        using var db = TestDatabase.Create(provider);
        TestPatients.Store(db.Database, "P1", "P2", "P3", "P4");
        var ingest = new IngestOptions { DropFolder = Path.Combine(db.Folder, "inbox") };
        // The seam stands for any parse that throws (e.g. a timestamp at the end of the calendar): the marker throws.
        var job = new IngestOutcomesJob(db.Database, MsOptions.Create(ingest))
        {
            Loader = (path, name) => File.ReadAllText(path).Contains("POISON", StringComparison.Ordinal)
                ? throw new ArgumentOutOfRangeException("observed_at", "P2 observed_at 9999-12-31T23:59:59+14:00 is out of range")
                : IngestOutcomesJob.Load(path, name),
        };
        var runner = Runner(db, job);
        Directory.CreateDirectory(ingest.DropFolder);
        File.WriteAllLines(Path.Combine(ingest.DropFolder, "a.jsonl"), [Observation("P1", 1, 2.1)]);
        File.WriteAllLines(Path.Combine(ingest.DropFolder, "b.jsonl"), [Observation("P2", 1, 2.2), "POISON"]);
        File.WriteAllLines(Path.Combine(ingest.DropFolder, "c.jsonl"), [Observation("P3", 1, 2.3)]);
        // A real end-of-calendar timestamp, through the real loader: rejected or quarantined, never stopping the run.
        File.WriteAllLines(Path.Combine(ingest.DropFolder, "d.jsonl"), [Observation("P4", 1, 2.4).Replace("2026-01-22T09:00:00+00:00", "9999-12-31T23:59:59-14:00", StringComparison.Ordinal)]);

        var first = runner.Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunStatus.SucceededWithWarnings, first.Status, first.Message);
        var stored = new ObservationStore(db.Database);
        Assert.AreEqual(2L, stored.Count(), "a and c are stored although b, before c, throws");
        var rejects = Path.Combine(ingest.DropFolder, "rejects");
        Assert.IsTrue(File.Exists(Path.Combine(rejects, "b.jsonl")), "the poison file is kept in the rejects folder");
        StringAssert.Contains(File.ReadAllText(Path.Combine(rejects, "b.jsonl.reason.txt")), "ArgumentOutOfRangeException");
        Assert.AreEqual("d.jsonl.rejects.txt", string.Join(",", Directory.GetFiles(rejects, "d.jsonl.*").Select(Path.GetFileName)), "the end-of-calendar record is rejected with its reason");
        var failed = FailedItemStore.List(db.Database, JobNames.IngestOutcomes).Single();
        Assert.AreEqual((FailedItemKind.File, "b.jsonl", 1L, first.RunId!.Value), (failed.Kind, failed.Key, failed.Attempts, failed.LastRunId));
        StringAssert.Contains(failed.Reason, "out of range");
        Assert.AreEqual(0, Directory.GetFiles(ingest.DropFolder).Length, "nothing is left behind in the drop folder");
        var run = new JobRunStore(db.Database).Get(first.RunId.Value)!;
        Assert.AreEqual((4L, 2L, 1L), (run.ItemsRead, run.ItemsWritten, run.ItemsFailed));
        Assert.AreEqual(2L, run.Warnings, "the quarantined file and the rejected record");

        // The sender fixes b and drops it again under the same name: it is ingested, the entry clears, and
        // neither the earlier rejected b.jsonl nor a re-sent a.jsonl overwrites an earlier file.
        File.WriteAllLines(Path.Combine(ingest.DropFolder, "b.jsonl"), [Observation("P2", 1, 2.2)]);
        File.WriteAllLines(Path.Combine(ingest.DropFolder, "a.jsonl"), [Observation("P1", 2, 2.0)]);
        var second = runner.Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunStatus.Succeeded, second.Status, second.Message);
        Assert.AreEqual(4L, stored.Count());
        Assert.AreEqual(0, FailedItemStore.List(db.Database).Count, "ingesting the fixed file clears its quarantine entry");
        var processed = Path.Combine(ingest.DropFolder, "processed");
        Assert.IsTrue(File.Exists(Path.Combine(processed, "a.jsonl")) && File.Exists(Path.Combine(processed, "a.1.jsonl")), "a unique name for the second a.jsonl");
        Assert.IsTrue(File.Exists(Path.Combine(processed, "b.jsonl")) && File.Exists(Path.Combine(rejects, "b.jsonl")));
        StringAssert.Contains(File.ReadAllText(Path.Combine(processed, "a.jsonl")), "\"cycle\":1");
        StringAssert.Contains(File.ReadAllText(Path.Combine(processed, "a.1.jsonl")), "\"cycle\":2");
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void APatientThatMakesUpdateTwinsThrowIsQuarantinedUntilItsInputChanges(string provider)
    {
        using var db = TestDatabase.Create(provider);
        using var host = TestHost.Create(db);
        var database = host.Services.GetRequiredService<Database>();
        var runner = host.Services.GetRequiredService<JobRunner>();
        var patients = CohortFolder.Load(cohort).Patients.Take(3).Select(p => p.Observed).ToList();
        // The poison: an observation whose values sit at the ends of the double range (ANC and lesions 1e308),
        // stored as if it had slipped past the loaders; the sampler throws on it.
        var poison = Parse(Observation(patients[1].PatientId, 2, 1e308).Replace("\"treatment_given\"", "\"lesion_diameters_mm\":[1e308,1e308],\"treatment_given\"", StringComparison.Ordinal));
        database.Write(t =>
        {
            foreach (var p in patients)
            {
                PatientStore.Upsert(t, p, database.NowMs);
                ObservationStore.Insert(t, Parse(Observation(p.PatientId, 1, 2.5)), "test", database.NowMs);
            }
            ObservationStore.Insert(t, poison, "test", database.NowMs);
        });

        var first = runner.Run(JobNames.UpdateTwins);
        Assert.AreEqual(JobRunStatus.SucceededWithWarnings, first.Status, first.Message);
        var posteriors = new PosteriorStore(database);
        Assert.IsNotNull(posteriors.Latest(patients[0].PatientId));
        Assert.IsNotNull(posteriors.Latest(patients[2].PatientId), "the patient after the poison one is updated");
        var failed = FailedItemStore.List(database, JobNames.UpdateTwins).Single();
        Assert.AreEqual((FailedItemKind.Patient, patients[1].PatientId), (failed.Kind, failed.Key));

        var second = runner.Run(JobNames.UpdateTwins);
        Assert.AreEqual(JobRunStatus.SucceededWithWarnings, second.Status, "the same input stays quarantined (a warning), not retried");
        Assert.AreEqual(1L, FailedItemStore.List(database).Single().Attempts);
        var counts = new JobRunStore(database).Get(second.RunId!.Value)!;
        Assert.AreEqual((1L, 0L, 1L), (counts.ItemsRead, counts.ItemsFailed, counts.Warnings), "skipped, not failed again");

        // A data steward removes the bad observation: the patient's input changed, so it is tried again.
        database.Write(t => t.Execute("DELETE FROM observations WHERE patient_id = @p AND cycle = 2", ("@p", patients[1].PatientId)));
        var third = runner.Run(JobNames.UpdateTwins);
        Assert.AreEqual(JobRunStatus.Succeeded, third.Status, third.Message);
        Assert.IsNotNull(posteriors.Latest(patients[1].PatientId), "the fixed patient is picked up");
        Assert.AreEqual(0, FailedItemStore.List(database).Count);
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void APatientThatMakesRecommendBatchThrowIsQuarantinedAndEveryOtherPatientGetsOne(string provider)
    {
        using var db = TestDatabase.Create(provider);
        using var host = TestHost.Create(db, new()
        {
            ["Engine:MinimumPatientsPerRegimen"] = "10", ["Engine:PosteriorSamples"] = "32", ["Engine:PlanCycles"] = "2",
        });
        var database = host.Services.GetRequiredService<Database>();
        var runner = host.Services.GetRequiredService<JobRunner>();
        host.Services.GetRequiredService<ModelRegistry>().Train(cohort, alwaysPromote: true);
        var bundle = new ModelStore(database).Current()!.FilePath;
        if (!OperatingSystem.IsWindows()) Assert.AreEqual(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(bundle), "model bundles are 0600");
        // A model registered before training ranges existed (none in its manifest) does not refuse out-of-range inputs,
        // so the poison below reaches the engine and makes it throw.
        database.Write(t =>
        {
            var manifest = System.Text.Json.Nodes.JsonNode.Parse((string)t.Scalar("SELECT manifest_json FROM models")!)!.AsObject();
            Assert.IsTrue(manifest.Remove(TrainingRange.ManifestKey), "a freshly trained model stores its training range");
            t.Execute("UPDATE models SET manifest_json = @m", ("@m", manifest.ToJsonString()));
        });
        var patients = CohortFolder.Load(cohort).InSplit(Pipeline.Study.CohortSplit.Test).Take(3).Select(p => p.Observed).ToList();
        // The poison: radiomics at the ends of the double range (refused by the schema's bounds today), stored as if it had slipped in.
        // Signs alternate in key order (string hash codes differ per process, so they must not choose them).
        var keys = patients[1].Imaging!.Radiomics.Keys.Order(StringComparer.Ordinal).ToList();
        var poison = patients[1] with { Imaging = patients[1].Imaging! with { Radiomics = keys.ToDictionary(k => k, k => keys.IndexOf(k) % 2 == 0 ? -1e308 : 1e308) } };
        database.Write(t =>
        {
            PatientStore.Upsert(t, patients[0], database.NowMs);
            PatientStore.Upsert(t, poison, database.NowMs);
            PatientStore.Upsert(t, patients[2], database.NowMs);
        });

        var first = runner.Run(JobNames.RecommendBatch);
        var recommendations = new RecommendationStore(database);
        Assert.AreEqual(1, recommendations.ForPatient(patients[0].PatientId).Count);
        Assert.AreEqual(1, recommendations.ForPatient(patients[2].PatientId).Count, "the patient after the poison one gets a recommendation");
        Assert.AreEqual(0, recommendations.ForPatient(patients[1].PatientId).Count, "no recommendation from absurd inputs");
        Assert.AreEqual(JobRunStatus.SucceededWithWarnings, first.Status, first.Message);
        var failed = FailedItemStore.List(database, JobNames.RecommendBatch).Single();
        Assert.AreEqual(patients[1].PatientId, failed.Key);

        runner.Run(JobNames.RecommendBatch);
        Assert.AreEqual(1L, FailedItemStore.List(database).Single().Attempts, "unchanged input: skipped, not retried");

        database.Write(t => PatientStore.Upsert(t, patients[1], database.NowMs));
        var fixedRun = runner.Run(JobNames.RecommendBatch);
        Assert.AreEqual(JobRunStatus.Succeeded, fixedRun.Status, fixedRun.Message);
        Assert.AreEqual(1, recommendations.ForPatient(patients[1].PatientId).Count, "the corrected record is picked up");
        Assert.AreEqual(0, FailedItemStore.List(database).Count);
    }

    private static OutcomeObservation Parse(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<OutcomeObservation>(json, Pipeline.Data.DtSmdrlJson.Options)!;

    internal static JobRunner Runner(TestDatabase db, params IJob[] jobs) => new(jobs, db.Database,
        MsOptions.Create(new JobsOptions { ErrorLogFile = Path.Combine(db.Folder, "errors.log"), HealthFile = Path.Combine(db.Folder, "health") }),
        NullLogger<JobRunner>.Instance);
}
