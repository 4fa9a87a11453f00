using DtSmdrl.Pipeline.Benchmarks;

namespace DtSmdrl.Pipeline.Tests.Benchmarks;

[TestClass]
public sealed class StudyFootprintTests
{
    private static string Folder(string? manifest)
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-footprint-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        if (manifest is not null)
            File.WriteAllText(Path.Combine(folder, StudyFootprint.ManifestFile), manifest);
        return folder;
    }

    [TestMethod]
    public void ReadsPeakMemoryWallTimeAndMachine()
    {
        var folder = Folder("""{"peak_working_set_bytes": 424673280, "machine": "EPYC, 2 logical cores", "wall_seconds": {"oracle": 49.1, "total": 610.25}}""");
        var footprint = StudyFootprint.Read(folder);
        Assert.AreEqual(424673280L, footprint.PeakWorkingSetBytes);
        Assert.AreEqual(405.0, footprint.PeakWorkingSetMiB, 1e-9);
        Assert.AreEqual(610.25, footprint.WallSeconds);
        Assert.AreEqual("EPYC, 2 logical cores", footprint.Machine);
    }

    [TestMethod]
    public void AMissingManifestNamesTheFile()
    {
        var folder = Folder(null);
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => StudyFootprint.Read(folder));
        StringAssert.Contains(error.Message, Path.Combine(folder, "manifest.json"));
    }

    [TestMethod]
    [DataRow("""{"wall_seconds": {"total": 3.5}}""", "field peak_working_set_bytes is missing")]
    [DataRow("""{"peak_working_set_bytes": 1000, "wall_seconds": {"oracle": 1}}""", "field wall_seconds.total is missing")]
    [DataRow("""{"peak_working_set_bytes": 1000}""", "field wall_seconds.total is missing")]
    [DataRow("""{"peak_working_set_bytes": "lots", "wall_seconds": {"total": 3.5}}""", "field peak_working_set_bytes = \"lots\" is not a finite number")]
    [DataRow("""{"peak_working_set_bytes": -5, "wall_seconds": {"total": 3.5}}""", "peak_working_set_bytes = -5 must be a positive whole number")]
    [DataRow("""[1, 2]""", "the top level is not a JSON object")]
    [DataRow("""{"peak_working_set_bytes": """, "is not valid JSON")]
    public void BadManifestsNameTheFileAndTheField(string manifest, string expected)
    {
        var folder = Folder(manifest);
        var error = Assert.ThrowsExactly<InvalidDataException>(() => StudyFootprint.Read(folder));
        StringAssert.Contains(error.Message, Path.Combine(folder, "manifest.json"));
        StringAssert.Contains(error.Message, expected);
    }
}
