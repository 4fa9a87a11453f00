using System.Text.Json.Nodes;

namespace DtSmdrl.Host.Tests;

/// <summary>`synth --write-population` / `--population` and `study --population` at the command line.</summary>
[TestClass]
public sealed class PopulationVerbTests
{
    [TestMethod]
    public void SynthWritesReadsAndRecordsAPopulationAndRefusesABadOneInOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-population-verb-").FullName;
        try
        {
            var defaults = Path.Combine(folder, "defaults.json");
            var (code, output) = CliInvoker.Invoke("synth", "--write-population", defaults);
            Assert.AreEqual(0, code, output);
            StringAssert.Contains(output, "population: built-in defaults written to");

            var edited = JsonNode.Parse(File.ReadAllText(defaults))!;
            edited["latent"]!["egfr_prevalence"] = 0.5;
            var rich = Path.Combine(folder, "rich.json");
            File.WriteAllText(rich, edited.ToJsonString());
            (code, output) = CliInvoker.Invoke("synth", "--patients", "6", "--seed", "2", "--out", Path.Combine(folder, "cohort"), "--quiet", "--population", rich);
            Assert.AreEqual(0, code, output);
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(rich)));
            StringAssert.Contains(output, "population: " + sha);
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "cohort", "cohort.json")))!;
            Assert.AreEqual(sha, manifest["population"]!.GetValue<string>());
            Assert.AreEqual(0.5, manifest["options"]!["population"]!["latent"]!["egfr_prevalence"]!.GetValue<double>());

            edited["clinician"]!["egfr_mutant"]![0]!["probability"] = 0.5;
            var bad = Path.Combine(folder, "bad.json");
            File.WriteAllText(bad, edited.ToJsonString());
            (code, output) = CliInvoker.Invoke("synth", "--patients", "6", "--out", Path.Combine(folder, "bad-cohort"), "--quiet", "--population", bad);
            Assert.AreEqual(4, code, output);
            StringAssert.Contains(output, $"dtsmdrl synth: {bad}:1 field clinician.egfr_mutant: the probabilities sum to 0.65; they must sum to 1");
            Assert.IsFalse(Directory.Exists(Path.Combine(folder, "bad-cohort")), "nothing is generated from a bad population");

            (code, output) = CliInvoker.Invoke("study", "--population", rich, "--cohort", Path.Combine(folder, "cohort"), "--out", Path.Combine(folder, "study"));
            Assert.AreEqual(2, code, output);
            StringAssert.Contains(output, "--population and --cohort exclude each other");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }
}
