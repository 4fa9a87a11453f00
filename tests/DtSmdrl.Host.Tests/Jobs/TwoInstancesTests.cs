using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class TwoInstancesTests
{
    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void TwoInstancesNeverRunTheSameJobAtOnce(string provider)
    {
        using var db = TestDatabase.Create(provider);
        TestPatients.Store(db.Database, "T0", "T1", "T2");
        var inbox = Path.Combine(db.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        for (var f = 0; f < 3; f++)
            File.WriteAllText(Path.Combine(inbox, $"f{f}.jsonl"),
                $$"""{"patient_id":"T{{f}}","observed_at":"2026-01-22T09:00:00+00:00","cycle":1,"treatment_given":"immuno"}""" + "\n");
        using var first = TestHost.Create(db, new() { ["Jobs:InstanceName"] = "first", ["Jobs:StepDelayMilliseconds"] = "300" });
        using var second = TestHost.Create(db, new() { ["Jobs:InstanceName"] = "second" });
        var a = first.Services.GetRequiredService<JobRunner>();
        var b = second.Services.GetRequiredService<JobRunner>();

        var running = Task.Run(() => a.Run(JobNames.IngestOutcomes));
        Assert.IsTrue(ChildHost.WaitUntil(() => new JobRunStore(db.Database).Recent(1).FirstOrDefault()?.Status == JobRunStatus.Running, TimeSpan.FromSeconds(10)));
        var blocked = b.Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunResult.Skipped, blocked.Status);
        StringAssert.Contains(blocked.Message, "'first' holds the lease");
        Assert.IsTrue(b.Run(JobNames.UpdateTwins).Succeeded, "another job is not blocked");

        Assert.AreEqual(JobRunStatus.Succeeded, running.Result.Status);
        Assert.AreEqual(3L, new ObservationStore(db.Database).Count());
        var after = b.Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunStatus.Succeeded, after.Status, "free again once the first instance finished");
        Assert.AreEqual(1, new JobRunStore(db.Database).Recent(10, JobNames.IngestOutcomes).Count(r => r.Owner == "second"));
    }
}
