using DtSmdrl.Host.Cli;

namespace DtSmdrl.Host.Tests;

[TestClass]
public sealed class FuzzCommandTests
{
    [TestMethod]
    public void TheVerbPrintsTheCountsAndSplitRunsAddUp()
    {
        static long[] Counts(string output) =>
            output.Split('\n').First(l => l.StartsWith("| 40 |", StringComparison.Ordinal) || l.StartsWith("| 20 |", StringComparison.Ordinal))
                .Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(8).Select(long.Parse).ToArray();

        var (code, whole) = CliInvoker.Invoke("fuzz", "--cases", "40", "--seed", "3", "--threads", "2");
        Assert.AreEqual(ExitCodes.Success, code, whole);
        var (_, first) = CliInvoker.Invoke("fuzz", "--cases", "20", "--seed", "3", "--threads", "1");
        var (_, second) = CliInvoker.Invoke("fuzz", "--from", "20", "--cases", "20", "--seed", "3", "--threads", "1");
        var total = Counts(whole);
        var sum = Counts(first).Zip(Counts(second), (a, b) => a + b).ToArray();
        CollectionAssert.AreEqual(total, sum, "inputs, records, crashes, wrongly accepted, mismatches, accepted, rejected, refused files");
        Assert.AreEqual(0L, total[2] + total[3] + total[4], whole);
        Assert.AreEqual(total[1], total[5] + total[6], "accepted + rejected = read");
        Assert.AreEqual(ExitCodes.Usage, CliInvoker.Invoke("fuzz", "--cases", "0").Code);
    }
}
