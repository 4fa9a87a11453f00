using System.Text.Json.Nodes;
using DtSmdrl.Host.Cli;

namespace DtSmdrl.Host.Tests;

/// <summary>Issue 17: every failure ends with one line naming what failed and a documented exit code; no stack trace unless --verbose.</summary>
[TestClass]
public sealed class CliFailureTests
{
    private static string Config(string folder, string connectionString, string provider = "sqlite")
    {
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, new JsonObject
        {
            ["Store"] = new JsonObject { ["Provider"] = provider, ["ConnectionString"] = connectionString },
            ["Logging"] = new JsonObject { ["LogLevel"] = new JsonObject { ["Default"] = "Warning" } },
        }.ToJsonString());
        return path;
    }

    private static void AssertOneLine(string output, string expected)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.HasCount(1, lines, output);
        StringAssert.Contains(lines[0], expected);
        Assert.DoesNotContain("   at ", output, "no stack trace without --verbose");
    }

    [TestMethod]
    public void BadInputFilesExitFourWithOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-cli-").FullName;
        try
        {
            var config = Config(folder, $"Data Source={Path.Combine(folder, "db.sqlite")}");
            var empty = Path.Combine(folder, "empty.jsonl");
            File.WriteAllText(empty, "");
            var utf16 = Path.Combine(folder, "u16.csv");
            File.WriteAllText(utf16, "patient_id\nP1\n", System.Text.Encoding.Unicode);

            var (code, output) = CliInvoker.Invoke("patients", "import", "--file", Path.Combine(folder, "missing.jsonl"), "--config", config);
            Assert.AreEqual(ExitCodes.BadInputFile, code, output);
            AssertOneLine(output, "dtsmdrl patients import: " + Path.Combine(folder, "missing.jsonl") + ":0 field (file): file does not exist");
            (code, output) = CliInvoker.Invoke("patients", "import", "--file", folder, "--config", config);
            Assert.AreEqual(ExitCodes.BadInputFile, code, output);
            AssertOneLine(output, "is a directory");
            (code, output) = CliInvoker.Invoke("feedback", "--file", empty, "--config", config);
            Assert.AreEqual(ExitCodes.BadInputFile, code, output);
            AssertOneLine(output, "dtsmdrl feedback: empty.jsonl:0 field (file): file is empty");
            (code, output) = CliInvoker.Invoke("patients", "import", "--file", utf16, "--config", config);
            Assert.AreEqual(ExitCodes.BadInputFile, code, output);
            AssertOneLine(output, "UTF-16");

            (code, output) = CliInvoker.Invoke("patients", "import", "--file", empty, "--config", config, "--verbose");
            Assert.AreEqual(ExitCodes.BadInputFile, code, output);
            StringAssert.Contains(output, "   at ", "--verbose adds the stack trace");
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    public void AnUnreachablePostgresExitsFiveWithOneLine()
    {
        var folder = Directory.CreateTempSubdirectory("dtsmdrl-cli-").FullName;
        try
        {
            var records = Path.Combine(folder, "p.jsonl");
            File.WriteAllText(records, "{\"patient_id\":\"P0000001\"}\n");
            var config = Config(folder, "Host=127.0.0.1;Port=1;Username=x;Password=y;Database=z;Timeout=3", "postgres");
            var (code, output) = CliInvoker.Invoke("patients", "import", "--file", records, "--config", config);
            Assert.AreEqual(ExitCodes.StoreUnavailable, code, output);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            StringAssert.StartsWith(lines[^1], "dtsmdrl patients import: the store is unavailable (");
            Assert.DoesNotContain("   at ", output);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [TestMethod]
    public void UsageErrorsExitTwo()
    {
        var (code, output) = CliInvoker.Invoke("patients", "import");
        Assert.AreEqual(ExitCodes.Usage, code, output);
        StringAssert.Contains(output, "dtsmdrl patients import: give exactly one of --file or --fhir");
        (code, output) = CliInvoker.Invoke("no-such-verb");
        Assert.AreEqual(ExitCodes.Usage, code, output);
    }
}
