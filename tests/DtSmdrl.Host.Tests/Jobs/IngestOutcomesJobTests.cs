using DtSmdrl.Host.Jobs;
using DtSmdrl.Host.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests.Jobs;

[TestClass]
public sealed class IngestOutcomesJobTests
{
    private const string Good1 = """{"patient_id":"P1","observed_at":"2026-01-22T09:00:00+00:00","cycle":1,"labs":{"collected_at":"2026-01-22T08:00:00+00:00","anc_10e9_per_l":2.1},"treatment_given":"chemo_full"}""";
    private const string Good2 = """{"patient_id":"P1","observed_at":"2026-02-12T09:00:00+00:00","cycle":2,"lesion_diameters_mm":[30.5,20.1],"treatment_given":"chemo_full"}""";
    private const string BadRegimen = """{"patient_id":"P2","observed_at":"2026-01-22T09:00:00+00:00","cycle":1,"treatment_given":"aspirin"}""";
    private const string BadAnc = """{"patient_id":"P2","observed_at":"2026-01-22T09:00:00+00:00","cycle":1,"labs":{"collected_at":"2026-01-22T08:00:00+00:00","anc_10e9_per_l":1500},"treatment_given":"immuno"}""";

    [TestMethod]
    [DataRow("sqlite")]
    [DataRow("postgres")]
    public void GoodRecordsAreStoredBadOnesRejectedWithReasonsAndFilesMoved(string provider)
    {
        using var db = TestDatabase.Create(provider);
        using var host = TestHost.Create(db);
        TestPatients.Store(db.Database, "P1", "P2", "P3");
        var inbox = Path.Combine(db.Folder, "inbox");
        Directory.CreateDirectory(inbox);
        File.WriteAllLines(Path.Combine(inbox, "a.jsonl"), [Good1, BadRegimen, "{not json", Good2, BadAnc]);
        File.WriteAllLines(Path.Combine(inbox, "b.csv"),
        [
            "patient_id,observed_at,cycle,treatment_given,lesion_1_mm,labs.collected_at,labs.anc_10e9_per_l,adverse_events",
            "P3,2026-01-22T09:00:00+00:00,1,immuno,,2026-01-22T08:00:00+00:00,3.2,Pneumonitis|2",
            "P3,2026-02-12T09:00:00+00:00,2,immuno,abc,,,",
            "P3,2026-03-05T09:00:00+00:00,3,immuno,25.0,,,Fatigue|7",
        ]);
        File.WriteAllText(Path.Combine(inbox, "empty.jsonl"), "\n");

        var result = host.Services.GetRequiredService<JobRunner>().Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunStatus.SucceededWithWarnings, result.Status, result.Message);
        Assert.AreEqual(3L, new ObservationStore(db.Database).Count(), "P1 cycles 1-2 and P3 cycle 1");

        var rejectsA = File.ReadAllLines(Path.Combine(inbox, "rejects", "a.jsonl.rejects.txt"));
        Assert.IsTrue(rejectsA.Any(l => l.StartsWith("a.jsonl:2 record P2 field treatment_given", StringComparison.Ordinal)), string.Join("\n", rejectsA));
        Assert.IsTrue(rejectsA.Any(l => l.StartsWith("a.jsonl:3 field (record): invalid JSON", StringComparison.Ordinal)), string.Join("\n", rejectsA));
        Assert.IsTrue(rejectsA.Any(l => l.StartsWith("a.jsonl:5 record P2 field labs.anc_10e9_per_l", StringComparison.Ordinal)), string.Join("\n", rejectsA));
        var rejectsB = File.ReadAllLines(Path.Combine(inbox, "rejects", "b.csv.rejects.txt"));
        Assert.IsTrue(rejectsB.Any(l => l.StartsWith("b.csv:3 record P3 field lesion_diameters_mm", StringComparison.Ordinal)), string.Join("\n", rejectsB));
        Assert.IsTrue(rejectsB.Any(l => l.StartsWith("b.csv:4 record P3 field adverse_events[0].grade", StringComparison.Ordinal)), string.Join("\n", rejectsB));
        StringAssert.Contains(File.ReadAllText(Path.Combine(inbox, "rejects", "empty.jsonl.rejects.txt")), "no records");

        Assert.IsTrue(File.Exists(Path.Combine(inbox, "processed", "a.jsonl")));
        Assert.IsTrue(File.Exists(Path.Combine(inbox, "processed", "b.csv")));
        Assert.IsTrue(File.Exists(Path.Combine(inbox, "rejects", "empty.jsonl")), "an unreadable file is kept, in the rejects folder");
        Assert.AreEqual(0, Directory.GetFiles(inbox).Length, "the drop folder is empty");
        var run = new JobRunStore(db.Database).Recent(1)[0];
        Assert.AreEqual((3L, 3L, 6L), (run.ItemsRead, run.ItemsWritten, run.Warnings), run.Message);

        // The same data again (a re-sent file) is not stored twice; a changed value for a stored cycle is a conflict.
        // An observation of a patient not in the store is refused with its line, record and cycle.
        File.WriteAllLines(Path.Combine(inbox, "again.jsonl"), [Good1, Good2.Replace("30.5", "31.5", StringComparison.Ordinal), Good1.Replace("P1", "P9", StringComparison.Ordinal)]);
        var again = host.Services.GetRequiredService<JobRunner>().Run(JobNames.IngestOutcomes);
        Assert.AreEqual(JobRunStatus.SucceededWithWarnings, again.Status);
        Assert.AreEqual(3L, new ObservationStore(db.Database).Count());
        var rejects = File.ReadAllLines(Path.Combine(inbox, "rejects", "again.jsonl.rejects.txt"));
        Assert.IsTrue(rejects.Any(l => l.StartsWith("again.jsonl:2 record P1 field cycle: cycle 2 is already recorded with different values", StringComparison.Ordinal)), string.Join("\n", rejects));
        Assert.IsTrue(rejects.Any(l => l.StartsWith("again.jsonl:3 record P9 field patient_id: cycle 1: the patient is not in the store", StringComparison.Ordinal)), string.Join("\n", rejects));
    }
}
