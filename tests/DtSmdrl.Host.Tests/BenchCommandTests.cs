using DtSmdrl.Host.Cli;

namespace DtSmdrl.Host.Tests;

[TestClass]
public sealed class BenchCommandTests
{
    private static (int Code, string Output) Invoke(params string[] args) => CliInvoker.Invoke(args);

    // Both errors are reported before any measurement starts, so these tests take milliseconds.
    [TestMethod]
    public void AStudyFolderWithoutManifestFailsBeforeMeasuring()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var (code, output) = Invoke("bench", "--study", folder, "--out", Path.Combine(folder, "out"));
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, Path.Combine(folder, "manifest.json"));
        Assert.IsFalse(output.Contains("machine:", StringComparison.Ordinal), output);
    }

    [TestMethod]
    public void AManifestWithoutPeakMemoryNamesTheField()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "manifest.json"), """{"wall_seconds": {"total": 12.5}}""");
        var (code, output) = Invoke("bench", "--study", folder, "--out", Path.Combine(folder, "out"));
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "peak_working_set_bytes is missing");
    }

    [TestMethod]
    public void ANegativeLargeBatchIsRefused()
    {
        var (code, output) = Invoke("bench", "--large", "-1");
        Assert.AreEqual(2, code, output);
        StringAssert.Contains(output, "--large -1");
    }

    [TestMethod]
    public void CompareWithoutAPythonWithNumpySaysThePeerWasSkippedAndWhy()
    {
        // A tiny batch, so the C# run takes milliseconds; the named interpreter does not exist, so the peer is skipped.
        var missing = Path.Combine(Path.GetTempPath(), "dtsmdrl-no-such-python-" + Guid.NewGuid().ToString("N"));
        var (code, output) = Invoke("bench", "twin", "--patients", "8", "--days", "2", "--compare", "--python", missing);
        Assert.AreEqual(0, code, output);
        StringAssert.Contains(output, "twin numpy peer skipped: no Python with numpy");
        StringAssert.Contains(output, missing);
    }
}
