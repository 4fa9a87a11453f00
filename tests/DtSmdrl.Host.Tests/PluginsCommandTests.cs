using DtSmdrl.Host.Cli;
using DtSmdrl.Host.Hosting;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;
using Microsoft.Extensions.DependencyInjection;

namespace DtSmdrl.Host.Tests;

[TestClass]
public sealed class PluginsCommandTests
{
    [TestMethod]
    public void HostRegistersPluginsAndTheListShowsLoadedAndRefused()
    {
        var missing = Path.Combine(Path.GetTempPath(), "dtsmdrl-no-such-plugin-folder-" + Guid.NewGuid().ToString("N"));
        using var host = DtSmdrlHostBuilder.Create(overrides: new Dictionary<string, string?> { ["Plugins:Folders:0"] = missing }).Build();
        Assert.AreEqual("cvar", host.Services.GetRequiredKeyedService<IRiskMeasure>("safety:cvar").Name);

        var output = new StringWriter();
        PluginsCommand.WriteTable(output, host.Services.GetRequiredService<PluginRegistry>());
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        StringAssert.StartsWith(lines[0], "kind");
        Assert.IsTrue(lines.Any(l => l.StartsWith("safety") && l.Contains("IRiskMeasure") && l.Contains(" cvar ") && l.Contains("built-in") && l.EndsWith("loaded")), output.ToString());
        Assert.IsTrue(lines.Any(l => l.Contains(missing) && l.EndsWith("refused: plugin folder does not exist")), output.ToString());
        StringAssert.Contains(lines[^1], "1 refused");
    }
}
