using System.Text.Json.Nodes;
using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class KillAndRestartTests
{
    private const int Files = 4;
    private const int PerFile = 5;

    private static void WriteDropFiles(string inbox)
    {
        Directory.CreateDirectory(inbox);
        for (var f = 0; f < Files; f++)
            File.WriteAllLines(Path.Combine(inbox, $"batch{f}.jsonl"), Enumerable.Range(0, PerFile).Select(k =>
                $$"""{"patient_id":"K{{f}}-{{k}}","observed_at":"2026-01-22T09:00:00+00:00","cycle":1,"labs":{"collected_at":"2026-01-22T08:00:00+00:00","anc_10e9_per_l":{{2 + 0.1 * k}}},"treatment_given":"chemo_full"}"""));
    }

    private static string WriteConfig(TestDatabase db, string instance, int stepDelayMs, int leaseSeconds)
    {
        var path = Path.Combine(db.Folder, $"{instance}.json");
        var json = new JsonObject
        {
            ["Store"] = new JsonObject { ["Provider"] = db.Provider, ["ConnectionString"] = db.ConnectionString },
            ["Ingest"] = new JsonObject { ["DropFolder"] = Path.Combine(db.Folder, "inbox") },
            ["Jobs"] = new JsonObject
            {
                ["InstanceName"] = instance, ["StepDelayMilliseconds"] = stepDelayMs, ["LeaseSeconds"] = leaseSeconds,
                ["HealthFile"] = Path.Combine(db.Folder, $"{instance}.health"), ["TickSeconds"] = 0.2,
                ["Schedules"] = new JsonObject { [JobNames.IngestOutcomes] = new JsonObject { ["Cron"] = "* * * * * *" } },
            },
        };
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    private static long Count(Database database, string table) => database.Read(c => Sql.ToLong(c.Scalar($"SELECT COUNT(*) FROM {table}")));

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void SigkillMidJobLeavesWholeStepsAndARestartCompletesWithoutDuplicates(string provider)
    {
        using var db = TestDatabase.Create(provider);
        Migrator.Apply(db.Database);
        var inbox = Path.Combine(db.Folder, "inbox");
        WriteDropFiles(inbox);
        TestPatients.Store(db.Database, Enumerable.Range(0, Files).SelectMany(f => Enumerable.Range(0, PerFile).Select(k => $"K{f}-{k}")));
        using var rescuer = TestHost.Create(db, new() { ["Jobs:InstanceName"] = "rescuer", ["Jobs:LeaseSeconds"] = "1" });
        var runner = rescuer.Services.GetRequiredService<JobRunner>();

        using var victim = ChildHost.Start(WriteConfig(db, "victim", stepDelayMs: 700, leaseSeconds: 1), "jobs", "run", JobNames.IngestOutcomes);
        Assert.IsTrue(ChildHost.WaitUntil(() => Count(db.Database, "ingested_files") >= 1, TimeSpan.FromSeconds(60)), victim.Text);
        victim.Kill();
        Assert.IsTrue(victim.WaitForExit(TimeSpan.FromSeconds(10)));

        var files = Count(db.Database, "ingested_files");
        Assert.IsLessThan((long)Files, files, "killed mid-job");
        Assert.AreEqual(files * PerFile, Count(db.Database, "observations"), "only whole files (steps) were committed");
        var killed = new JobRunStore(db.Database).Recent(1)[0];
        Assert.AreEqual(JobRunStatus.Running, killed.Status, "the killed run never recorded an end");
        Assert.AreEqual(files * PerFile, killed.ItemsWritten, "its counters were committed with each step");

        var tooSoon = runner.Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunResult.Skipped, tooSoon.Status, "the dead instance's lease has not expired yet");
        StringAssert.Contains(tooSoon.Message, "victim");

        Assert.IsTrue(ChildHost.WaitUntil(() => new JobLeaseStore(db.Database).Holder(JobNames.IngestOutcomes) is not { } h
            || h.ExpiresAtMs <= DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), TimeSpan.FromSeconds(5)));
        var restart = runner.Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunStatus.Succeeded, restart.Status, restart.Message);
        Assert.AreEqual((long)Files * PerFile, Count(db.Database, "observations"), "every record once");
        Assert.AreEqual((long)Files, Count(db.Database, "ingested_files"));
        Assert.AreEqual(0, Directory.GetFiles(inbox).Length);
        Assert.AreEqual(Files, Directory.GetFiles(Path.Combine(inbox, "processed")).Length);
        var runs = new JobRunStore(db.Database).Recent(5);
        var abandoned = runs.Single(r => r.Owner == "victim");
        Assert.AreEqual((JobRunStatus.Abandoned, files * PerFile), (abandoned.Status, abandoned.ItemsWritten), "an abandoned run counts what it committed");
    }

    [TestMethod]
    public void ServeJobsRunsOnScheduleWritesHealthAndStopsGracefullyOnSigterm()
    {
        using var db = TestDatabase.Create("sqlite");
        Migrator.Apply(db.Database);
        var inbox = Path.Combine(db.Folder, "inbox");
        WriteDropFiles(inbox);
        TestPatients.Store(db.Database, Enumerable.Range(0, Files).SelectMany(f => Enumerable.Range(0, PerFile).Select(k => $"K{f}-{k}")));
        using var service = ChildHost.Start(WriteConfig(db, "service", stepDelayMs: 0, leaseSeconds: 30), "serve-jobs");
        var health = Path.Combine(db.Folder, "service.health");
        Assert.IsTrue(ChildHost.WaitUntil(() => Count(db.Database, "observations") == Files * PerFile, TimeSpan.FromSeconds(60)), service.Text);
        Assert.IsTrue(ChildHost.WaitUntil(() => File.Exists(health) && File.ReadAllText(health).Contains("\"running\"", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        service.Terminate();
        Assert.IsTrue(service.WaitForExit(TimeSpan.FromSeconds(20)), service.Text);
        Assert.AreEqual(0, service.ExitCode, service.Text);
        StringAssert.Contains(File.ReadAllText(health), "\"stopped\"");
        Assert.IsTrue(new JobRunStore(db.Database).Recent(10).All(r => r.Status != JobRunStatus.Running), "no run left open");
        Assert.IsNull(new JobLeaseStore(db.Database).Holder(JobNames.IngestOutcomes), "lease released");
    }
}
