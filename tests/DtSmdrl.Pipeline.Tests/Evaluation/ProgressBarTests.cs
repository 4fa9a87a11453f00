using DtSmdrl.Pipeline.Evaluation.Progress;

namespace DtSmdrl.Pipeline.Tests.Evaluation;

[TestClass]
public sealed class ProgressBarTests
{
    [TestMethod]
    public void LineShowsBarCountRateAndEta()
    {
        // 123 in 10 s = 12.3/s; 877 left / 12.3 = 71.3 s -> 00:01:11; 12.3% of 20 characters = 2 filled.
        var line = ProgressBar.FormatLine("train", 123, 1000, TimeSpan.FromSeconds(10));
        Assert.AreEqual("train  [##..................] 123/1000  12.3/s  eta 00:01:11", line);
    }

    [TestMethod]
    public void UnknownTotalAndZeroRateAreShownPlainly()
    {
        Assert.AreEqual("sim  42  4.2/s  elapsed 00:00:10", ProgressBar.FormatLine("sim", 42, 0, TimeSpan.FromSeconds(10)));
        Assert.EndsWith("eta --:--:--", ProgressBar.FormatLine("sim", 0, 10, TimeSpan.FromSeconds(3)));
    }

    [TestMethod]
    public void InteractiveBarRedrawsAtMostEveryInterval()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        using (var bar = new ProgressBar("x", 100, new ProgressBarOptions { Output = output, Interactive = true, Clock = () => now }))
        {
            bar.Report(1);                                          // drawn (first)
            now = TimeSpan.FromSeconds(0.1); bar.Report(2);         // too soon
            now = TimeSpan.FromSeconds(0.3); bar.Report(3);         // drawn
            now = TimeSpan.FromSeconds(0.4); bar.Report(4);         // too soon
        }                                                           // final draw and newline
        var text = output.ToString();
        Assert.AreEqual(3, text.Count(c => c == '\r'));
        Assert.EndsWith("\n", text);
        StringAssert.Contains(text, " 4/100 ");
    }

    [TestMethod]
    public void RedirectedOutputGetsPeriodicPlainLines()
    {
        var now = TimeSpan.Zero;
        var output = new StringWriter();
        var bar = new ProgressBar("x", 100, new ProgressBarOptions { Output = output, Interactive = false, Clock = () => now });
        bar.Report(1);
        now = TimeSpan.FromSeconds(5); bar.Report(50);
        now = TimeSpan.FromSeconds(10); bar.Report(100);
        bar.Complete();
        bar.Report(100);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(2, lines);
        Assert.IsFalse(output.ToString().Contains('\r'));
        StringAssert.Contains(lines[1], "[####################] 100/100");
    }
    [TestMethod]
    public void IncrementAddsToTheCountFromSeveralThreads()
    {
        var output = new StringWriter();
        using var bar = new ProgressBar("x", 4000, new ProgressBarOptions { Output = output, Interactive = false, Clock = () => TimeSpan.Zero });
        var threads = Enumerable.Range(0, 4).Select(_ => new Thread(() => { for (var i = 0; i < 1000; i++) bar.Increment(); })).ToArray();
        foreach (var thread in threads) thread.Start();
        foreach (var thread in threads) thread.Join();
        Assert.AreEqual(4000L, bar.Completed);
    }
}
