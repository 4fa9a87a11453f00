using System.Text.Json;
using System.Text.Json.Nodes;
using DtSmdrl.Host.Cluster;
using DtSmdrl.Pipeline.Cohort;

namespace DtSmdrl.Host.Tests.Cluster;

/// <summary>`dtsmdrl study --cluster` end to end: a client of a 2-silo local cluster, and the manifest says so.</summary>
[TestClass]
public sealed class StudyClusterCommandTests
{
    [TestMethod]
    public async Task StudyWithClusterSearchesOnTheClusterAndRecordsItInTheManifest()
    {
        var folder = Path.Combine(Path.GetTempPath(), "dtsmdrl-host-tests", "study-cluster-" + Guid.NewGuid().ToString("N"));
        using var db = TestDatabase.Create("sqlite");
        try
        {
            var cohort = Path.Combine(folder, "cohort");
            CohortFolder.Write(cohort, new SyntheticCohortGenerator(new CohortOptions { Size = 40, Seed = 4 }));
            var settings = TestHost.Settings(db);
            settings["Logging:LogLevel:Orleans"] = "Error";
            await using var cluster = await LocalCluster.StartAsync(2, settings);
            var config = Path.Combine(folder, "client.json");
            var client = new Dictionary<string, string?>(settings)
            {
                ["Cluster:GatewayPort"] = cluster.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            File.WriteAllText(config, JsonSerializer.Serialize(client));

            var output = Path.Combine(folder, "study");
            var (code, printed) = CliInvoker.Invoke("study", "--cohort", cohort, "--out", output, "--methods", "Clinical Baseline",
                "--adaptation-patients", "0", "--threads", "2", "--quiet", "--cluster", "--config", config);
            Assert.AreEqual(0, code, printed);
            var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "manifest.json")))!;
            Assert.AreEqual("cluster", (string?)manifest["perfect_information_search"]!["on"]);
            Assert.AreEqual(2, (int?)manifest["perfect_information_search"]!["silos"]);
            StringAssert.EndsWith((string?)manifest["command"], " --cluster");
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}
