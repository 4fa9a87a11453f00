using System.Text.Json.Nodes;

namespace DtSmdrl.Host.Tests;

/// <summary>The study's DT-SMDRL shield and risk measure are resolved from the plugin registry by name (--shield / Safety:Shield, --risk-measure / Safety:RiskMeasure).</summary>
[TestClass]
public sealed class StudySafetyPluginOptionTests
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

            // The risk measure is resolved the same way.
            (code, printed) = CliInvoker.Invoke("study", "--out", output, "--risk-measure", "no-such-measure", "--quiet");
            Assert.AreEqual(2, code, printed);
            StringAssert.Contains(printed, "dtsmdrl study: --risk-measure: No IRiskMeasure plugin named 'no-such-measure' is loaded; available: 'cvar', 'mean'");
            Assert.IsFalse(Directory.Exists(output), "nothing was written");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
