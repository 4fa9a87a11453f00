using System.Text.Json.Nodes;

namespace DtSmdrl.Host.Tests;

/// <summary>The study's DT-SMDRL shield is resolved from the plugin registry by name, from --shield or Safety:Shield.</summary>
[TestClass]
public sealed class StudyShieldOptionTests
{
    [TestMethod]
    public void AnUnknownShieldExitsTwoNamingTheLoadedOnesBeforeAnyWork()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-shield-").FullName;
        try
        {
            var output = Path.Combine(folder, "study");
            var (code, printed) = CliInvoker.Invoke("study", "--out", output, "--shield", "no-such-shield", "--quiet");
            Assert.AreEqual(2, code, printed);
            StringAssert.Contains(printed, "dtsmdrl study: --shield: No IActionShield plugin named 'no-such-shield' is loaded; available: 'threshold'");
            Assert.IsFalse(Directory.Exists(output), "nothing was written");

            // The configuration's Safety:Shield is read when --shield is not given.
            var config = Path.Combine(folder, "config.json");
            File.WriteAllText(config, new JsonObject { ["Safety"] = new JsonObject { ["Shield"] = "configured-shield" } }.ToJsonString());
            (code, printed) = CliInvoker.Invoke("study", "--out", output, "--config", config, "--quiet");
            Assert.AreEqual(2, code, printed);
            StringAssert.Contains(printed, "'configured-shield'");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
