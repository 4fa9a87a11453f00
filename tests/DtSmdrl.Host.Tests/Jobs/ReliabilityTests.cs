using System.Text.Json.Nodes;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Options;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace DtSmdrl.Host.Tests.Jobs;

/// <summary>Leases shared by one instance name, per-step counters, owner-only files, and no error text on the console.</summary>
[TestClass]
public sealed class ReliabilityTests
{
    private const UnixFileMode File0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Folder0700 = File0600 | UnixFileMode.UserExecute;

    /// <summary>A job whose steps each commit one row, then wait until the test lets them go on.</summary>
    private sealed class GatedJob(int steps) : IJob
    {
        public ManualResetEventSlim Committed { get; } = new();
        public ManualResetEventSlim Release { get; } = new();

        public string Name => "gated";

        public string Run(JobContext context)
        {
            for (var i = 0; i < steps; i++)
            {
                context.Step();
                context.Read++;
                context.Commit(t => t.Execute("INSERT INTO ingested_files (content_sha256, file_name, accepted, rejected, duplicates, run_id, ingested_at) VALUES (@h, 'f', 0, 0, 0, @r, 0)",
                    ("@h", $"{context.RunId}-{i}"), ("@r", context.RunId)), _ => 1);
            }
            Committed.Set();
            Release.Wait(TimeSpan.FromSeconds(60));
            return $"{steps} steps";
        }
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void TwoRunnersWithTheSameInstanceNameCannotBothHoldAJobAndCountersAreCommittedPerStep(string provider)
    {
        using var db = TestDatabase.Create(provider);
        Migrator.Apply(db.Database);
        var options = new JobsOptions { InstanceName = "ward-a", ErrorLogFile = Path.Combine(db.Folder, "errors.log") };
        var job = new GatedJob(steps: 2);
        var first = new JobRunner([job], db.Database, MsOptions.Create(options), NullLogger<JobRunner>.Instance);
        var other = new GatedJob(steps: 1);
        other.Release.Set();
        var second = new JobRunner([other], db.Database, MsOptions.Create(options), NullLogger<JobRunner>.Instance);

        var running = Task.Run(() => first.Run("gated"));
        Assert.IsTrue(job.Committed.Wait(TimeSpan.FromSeconds(30)), "the first run reached its gate");
        var skipped = second.Run("gated");
        Assert.AreEqual(JobRunResult.Skipped, skipped.Status, "same Jobs:InstanceName, different process: the lease is not shared");
        StringAssert.Contains(skipped.Message, "'ward-a' holds the lease");
        var live = new JobRunStore(db.Database).Recent(1)[0];
        Assert.AreEqual((JobRunStatus.Running, 2L, 2L), (live.Status, live.ItemsRead, live.ItemsWritten),
            "a run that dies now (kill -9) shows the two steps it committed");
        Assert.IsNotNull(new JobLeaseStore(db.Database).Holder("gated"), "the skipped run's release left the running one's lease alone");

        job.Release.Set();
        Assert.AreEqual(JobRunStatus.Succeeded, running.Result.Status);
        Assert.IsNull(new JobLeaseStore(db.Database).Holder("gated"), "released at the end");
        Assert.AreEqual(JobRunStatus.Succeeded, second.Run("gated").Status, "free again");
    }

    /// <summary>A job that commits one step, waits for the test, then tries a second step.</summary>
    private sealed class TwoStepJob : IJob
    {
        public ManualResetEventSlim FirstDone { get; } = new();
        public ManualResetEventSlim Go { get; } = new();

        public string Name => "two-step";

        public string Run(JobContext context)
        {
            context.Step();
            FirstDone.Set();
            Go.Wait(TimeSpan.FromSeconds(60));
            context.Step();
            return "two steps";
        }
    }

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void ARunThatLostItsLeaseStopsAtTheNextStepAndLeavesTheNewHolderAlone(string provider)
    {
        using var db = TestDatabase.Create(provider);
        Migrator.Apply(db.Database);
        var job = new TwoStepJob();
        var runner = new JobRunner([job], db.Database, MsOptions.Create(new JobsOptions { InstanceName = "ward-a", LeaseSeconds = 1, ErrorLogFile = Path.Combine(db.Folder, "errors.log") }),
            NullLogger<JobRunner>.Instance);
        var running = Task.Run(() => runner.Run("two-step"));
        Assert.IsTrue(job.FirstDone.Wait(TimeSpan.FromSeconds(30)));
        // Another run (same instance name) took the lease over, as after an expiry during a long stall.
        db.Database.Write(t => t.Execute("UPDATE job_leases SET token = 'another-run' WHERE job = 'two-step'"));
        Thread.Sleep(1000); // three renewal periods of a 1 s lease
        job.Go.Set();

        var result = running.Result;
        Assert.AreEqual(JobRunStatus.Failed, result.Status);
        StringAssert.Contains(new JobRunStore(db.Database).Get(result.RunId!.Value)!.Error, "LeaseLostException");
        Assert.AreEqual("ward-a", new JobLeaseStore(db.Database).Holder("two-step")?.Owner, "its release did not delete the new holder's lease");
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void StoreInboxAndErrorLogAreOwnerOnly()
    {
        var root = Path.Combine(Path.GetTempPath(), "dtsmdrl-host-tests", Guid.NewGuid().ToString("N"));
        try
        {
            var store = Path.Combine(root, "store", "dtsmdrl.db");
            var database = new Database($"Data Source={store}", new SqliteDialect());
            Migrator.Apply(database);
            database.Read(c =>
            {
                // While a connection is open the -wal and -shm files exist.
                foreach (var file in new[] { store, store + "-wal", store + "-shm" })
                    Assert.AreEqual(File0600, File.GetUnixFileMode(file), file);
                return 0;
            });
            Assert.AreEqual(Folder0700, File.GetUnixFileMode(Path.GetDirectoryName(store)!));

            var inbox = Path.Combine(root, "inbox");
            Directory.CreateDirectory(inbox);
            File.WriteAllText(Path.Combine(inbox, "ok.jsonl"), """{"patient_id":"P1","observed_at":"2026-01-22T09:00:00+00:00","cycle":1,"treatment_given":"immuno"}""" + "\n" + """{"patient_id":"P1","observed_at":"2026-02-12T09:00:00+00:00","cycle":2,"treatment_given":"aspirin"}""" + "\n");
            File.WriteAllText(Path.Combine(inbox, "empty.jsonl"), "\n");
            File.SetUnixFileMode(Path.Combine(inbox, "ok.jsonl"), File0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            var ingest = new IngestOutcomesJob(database, MsOptions.Create(new IngestOptions { DropFolder = inbox }));
            var runner = new JobRunner([ingest], database, MsOptions.Create(new JobsOptions { ErrorLogFile = Path.Combine(root, "logs", "errors.log") }), NullLogger<JobRunner>.Instance);
            Assert.AreEqual(JobRunStatus.SucceededWithWarnings, runner.Run(JobNames.IngestOutcomes).Status);
            foreach (var folder in new[] { "processed", "rejects" })
                Assert.AreEqual(Folder0700, File.GetUnixFileMode(Path.Combine(inbox, folder)), folder);
            foreach (var file in new[] { "processed/ok.jsonl", "rejects/ok.jsonl.rejects.txt", "rejects/empty.jsonl", "rejects/empty.jsonl.rejects.txt" })
                Assert.AreEqual(File0600, File.GetUnixFileMode(Path.Combine(inbox, file)), file);

            PrivateFiles.AppendLine(Path.Combine(root, "logs", "errors.log"), "x");
            Assert.AreEqual(File0600, File.GetUnixFileMode(Path.Combine(root, "logs", "errors.log")));
            Assert.AreEqual(Folder0700, File.GetUnixFileMode(Path.Combine(root, "logs")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void JobsRunPrintsTheRunIdAndStatusButNotTheErrorText()
    {
        using var db = TestDatabase.Create("sqlite");
        var config = Path.Combine(db.Folder, "config.json");
        var errorLog = Path.Combine(db.Folder, "errors.log");
        File.WriteAllText(config, new JsonObject
        {
            ["Store"] = new JsonObject { ["Provider"] = "sqlite", ["ConnectionString"] = db.ConnectionString },
            ["Jobs"] = new JsonObject { ["ErrorLogFile"] = errorLog, ["HealthFile"] = Path.Combine(db.Folder, "health") },
            ["Engine"] = new JsonObject { ["ModelFolder"] = Path.Combine(db.Folder, "models") },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        }.ToJsonString());

        // No model yet: recommend-batch fails with an error text.
        var (code, output) = CliInvoker.Invoke("jobs", "run", "recommend-batch", "--config", config);
        Assert.AreEqual(1, code, output);
        StringAssert.Contains(output, "recommend-batch run 1: failed: failed after 0 steps");
        StringAssert.Contains(output, "dtsmdrl jobs show 1");
        Assert.DoesNotContain("No promoted model", output, "the error text stays off the console");

        (code, output) = CliInvoker.Invoke("jobs", "list", "--config", config);
        Assert.AreEqual(0, code, output);
        Assert.DoesNotContain("No promoted model", output);
        (code, output) = CliInvoker.Invoke("jobs", "list", "--errors", "--config", config);
        StringAssert.Contains(output, "No promoted model");
        (code, output) = CliInvoker.Invoke("jobs", "show", "1", "--config", config);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "error: InvalidOperationException: No promoted model");
        StringAssert.Contains(File.ReadAllText(errorLog), "No promoted model");
        Assert.AreEqual(File0600, File.GetUnixFileMode(errorLog));
        (code, output) = CliInvoker.Invoke("jobs", "failed", "--config", config);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "0 quarantined inputs");
    }
}
