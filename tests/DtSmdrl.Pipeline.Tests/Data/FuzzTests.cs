using DtSmdrl.Pipeline.Cohort;
using DtSmdrl.Pipeline.Data.Fuzzing;

namespace DtSmdrl.Pipeline.Tests.Data;

/// <summary>Issue 17: mutated inputs through every loader (`dtsmdrl fuzz --cases 1000000` runs the same for a million).</summary>
[TestClass]
public sealed class FuzzTests
{
    private const int Cases = 400;

    [TestMethod]
    public void NoCrashNothingInvalidAcceptedAndEveryRecordCounted()
    {
        var fuzzer = FuzzBaseRecords.Fuzzer(17);
        var report = new FuzzReport();
        using (var runner = new FuzzRunner())
            for (var i = 0; i < Cases; i++) runner.Run(fuzzer.Case(i), report);
        Assert.AreEqual(Cases, report.Inputs);
        Assert.IsTrue(report.Passed, report.Summary + "\n" + string.Join("\n", report.Violations));
        Assert.AreEqual(report.RecordsRead, report.Accepted + report.Rejected, report.Summary);
        // The mutations leave some records valid and break most: both paths are exercised.
        Assert.IsGreaterThan(20L, report.Accepted, report.Summary);
        Assert.IsGreaterThan(report.Accepted, report.Rejected, report.Summary);
    }

    [TestMethod]
    public void EveryMutationClassAndLoaderOccursAndCasesAreReproducible()
    {
        var fuzzer = FuzzBaseRecords.Fuzzer(17);
        var cases = Enumerable.Range(0, Cases).Select(i => fuzzer.Case(i)).ToList();
        var mutations = cases.SelectMany(c => c.Mutations).ToList();
        foreach (var kind in new[] { "duplicate key", "delete", "replace", "flip byte", "truncate", "UTF-16LE with", "UTF-16LE without", "UTF-32", "UTF-8 with", "Latin-1", "number in cell", "text in cell", "column" })
            Assert.IsTrue(mutations.Any(m => m.StartsWith(kind, StringComparison.Ordinal) || m.Contains(kind, StringComparison.Ordinal)), $"no '{kind}' mutation in {Cases} cases");
        CollectionAssert.AreEquivalent(Enum.GetValues<FuzzTarget>(), cases.Select(c => c.Target).Distinct().ToArray());
        var again = FuzzBaseRecords.Fuzzer(17).Case(123);
        CollectionAssert.AreEqual(cases[123].Content, again.Content, "a case depends only on the seed and its index");
    }
}
