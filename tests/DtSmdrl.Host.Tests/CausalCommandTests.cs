using System.Globalization;
using System.Text;
using System.Text.Json;
using DtSmdrl.Host.Cli;

namespace DtSmdrl.Host.Tests;

/// <summary>`causal estimate` on time-to-event data, and its one-line errors with documented exit codes.</summary>
[TestClass]
public sealed class CausalCommandTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"causal-cli-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>300 rows: arm confounded by a stage band (text), exponential event times, some censoring.</summary>
    private static string SurvivalCsv()
    {
        var random = new Random(2);
        var text = new StringBuilder("\"\",\"arm\",\"time\",\"status\",\"stage\",\"age\"\n");
        string[] stages = ["I", "II", "III"];
        for (var i = 0; i < 300; i++)
        {
            var stage = random.Next(3);
            var treated = random.NextDouble() < 0.3 + 0.2 * stage;
            var rate = 0.3 * Math.Exp(0.5 * stage - (treated ? 0.4 : 0));
            var eventTime = -Math.Log(1 - random.NextDouble()) / rate;
            var censor = 1 + 4 * random.NextDouble();
            var age = 50 + random.Next(30);
            text.Append(CultureInfo.InvariantCulture, $"\"{i + 1}\",\"{(treated ? "new" : "old")}\",{Math.Min(eventTime, censor):0.000},{(eventTime <= censor ? 1 : 0)},\"{stages[stage]}\",{(i == 5 ? "NA" : age.ToString(CultureInfo.InvariantCulture))}\n");
        }
        return Write(text.ToString());
    }

    private static string[] Args(string path, params string[] extra) =>
        ["causal", "estimate", "--data", path, "--treatment", "arm", "--treated", "new", "--control", "old", "--covariates", "stage,age", "--folds", "3", .. extra];

    [TestMethod]
    public void TimeToEvent_Json_HasSurvivalAndEffectModificationBlocks()
    {
        var (code, output) = CliInvoker.Invoke(Args(SurvivalCsv(), "--time", "time", "--event", "status", "--horizon", "2", "--modifiers", "stage", "--json"));
        Assert.AreEqual(CausalCommand.ExitSuccess, code, output);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.AreEqual("1.1", root.GetProperty("contractVersion").GetString());
        Assert.AreEqual(JsonValueKind.Null, root.GetProperty("estimate").ValueKind);
        var survival = root.GetProperty("survival");
        Assert.AreEqual(2.0, survival.GetProperty("horizon").GetDouble());
        Assert.AreEqual(3, survival.GetProperty("survival").GetArrayLength());
        Assert.AreEqual(3, survival.GetProperty("restrictedMean").GetArrayLength());
        Assert.AreEqual(2, survival.GetProperty("hazardRatios").GetArrayLength());
        Assert.AreEqual("I", root.GetProperty("encoding").GetProperty("categorical")[0].GetProperty("reference").GetString());
        var modification = root.GetProperty("effectModification").GetProperty("modifiers")[0];
        Assert.AreEqual("stage", modification.GetProperty("modifier").GetString());
        Assert.AreEqual(3, modification.GetProperty("subgroups").GetArrayLength());
    }

    [TestMethod]
    public void TimeToEvent_Table_ShowsSurvivalRmstAndHazardRatios()
    {
        var (code, output) = CliInvoker.Invoke(Args(SurvivalCsv(), "--time", "time", "--event", "status", "--horizon", "2"));
        Assert.AreEqual(CausalCommand.ExitSuccess, code, output);
        foreach (var expected in new[] { "survival at 2", "restricted mean survival to 2", "Cox (treatment only)", "Cox (adjusted for 4 covariates)", "IPW Kaplan-Meier", "doubly robust (AIPW, censoring weights)", "events: ", "categorical: stage (detected), reference 'I'", "imputed: age missing in 1 rows" })
            StringAssert.Contains(output, expected);
    }

    [TestMethod]
    public void ShortRow_OneLineNamingTheLine_ExitCode2()
    {
        var path = Write("arm,y,stage,age\nnew,1,I,50\nold,0,II\n");
        var (code, output) = CliInvoker.Invoke(Args(path, "--outcome", "y"));
        Assert.AreEqual(CausalCommand.ExitBadInput, code);
        Assert.AreEqual($"causal estimate: error: {path}: line 3 (data row 2) has 3 fields, the header has 4.", output.Trim());
    }

    [TestMethod]
    public void MissingFileAndMissingOutcome_OneLineEach_ExitCode2()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.csv");
        var (code, output) = CliInvoker.Invoke(Args(missing, "--outcome", "y"));
        Assert.AreEqual(CausalCommand.ExitBadInput, code);
        Assert.AreEqual($"causal estimate: error: {missing}: data file not found.", output.Trim());

        (code, output) = CliInvoker.Invoke(Args(SurvivalCsv()));
        Assert.AreEqual(CausalCommand.ExitBadInput, code);
        Assert.AreEqual(1, output.Trim().Split('\n').Length, output);
        StringAssert.Contains(output, "either an outcome column or a time and an event column");
    }
}
