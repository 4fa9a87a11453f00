using DtSmdrl.Plugins.BuiltIn.Safety;
using DtSmdrl.Plugins.Contracts.Safety;
using DtSmdrl.Plugins.Loading;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Plugins.Tests.Loading;

[TestClass]
public sealed class PluginServiceRegistrationTests
{
    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddDtSmdrlPlugins(configuration).BuildServiceProvider();
    }

    [TestMethod]
    public void PluginsResolveAsKeyedServicesByKindAndName()
    {
        using var folder = new SamplePluginFolder();
        folder.Add("sample", "sample-risk");
        using var services = Build(new()
        {
            ["Plugins:Folders:0"] = folder.Root,
            ["Plugins:Allowed:0:Name"] = "sample-risk",
            ["Plugins:Allowed:0:Sha256"] = PluginLoader.Sha256Of(SamplePluginFolder.BuiltSample),
        });
        Assert.IsInstanceOfType<CvarRiskMeasure>(services.GetRequiredKeyedService<IRiskMeasure>("safety:cvar"));
        Assert.IsInstanceOfType<ThresholdActionShield>(services.GetRequiredKeyedService<IActionShield>("safety:threshold"));
        Assert.AreEqual("worst-case", services.GetRequiredKeyedService<IRiskMeasure>("safety:worst-case").Name);
        Assert.AreSame(services.GetRequiredKeyedService<IRiskMeasure>("safety:cvar"), services.GetRequiredKeyedService<IRiskMeasure>("safety:cvar"));
        Assert.ThrowsExactly<KeyNotFoundException>(() => services.GetRequiredKeyedService<IRiskMeasure>("causal:cvar"));
        Assert.ThrowsExactly<KeyNotFoundException>(() => services.GetRequiredKeyedService<IRiskMeasure>("safety:missing"));
    }

    [TestMethod]
    public void InvalidOptionsNameTheKey()
    {
        var hash = new string('a', 64);
        using var services = Build(new()
        {
            ["Plugins:Allowed:0:Name"] = "a", ["Plugins:Allowed:0:Sha256"] = hash,
            ["Plugins:Allowed:1:Name"] = "a", ["Plugins:Allowed:1:Sha256"] = hash,
            ["Plugins:Allowed:2:Name"] = "b", ["Plugins:Allowed:2:Sha256"] = "abc",
            ["Plugins:Allowed:3:Name"] = "c", ["Plugins:Allowed:3:Sha256"] = hash, ["Plugins:Allowed:3:Dependencies:../x.dll"] = hash,
            ["Plugins:Folders:0"] = " ",
        });
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IOptions<PluginOptions>>().Value);
        StringAssert.Contains(error.Message, "Plugins:Folders:0 is empty");
        StringAssert.Contains(error.Message, "Plugins:Allowed lists 'a' twice");
        StringAssert.Contains(error.Message, "Plugins:Allowed:2:Sha256 must be the 64 hexadecimal digits");
        StringAssert.Contains(error.Message, "Plugins:Allowed:3:Dependencies: '../x.dll' must be a path inside the plugin folder");
    }

    [TestMethod]
    public void AnAllowListEntryWithoutAPinIsRefusedAtStartUp()
    {
        // The former form, a bare name, no longer allows anything: the entry has no name or hash to match.
        using var services = Build(new() { ["Plugins:Allowed:0"] = "sample-risk" });
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IOptions<PluginOptions>>().Value);
        StringAssert.Contains(error.Message, "Plugins:Allowed:0 is the bare name 'sample-risk'");
    }

    [TestMethod]
    public void ContractVersionsFollowMajorMinorRules()
    {
        Assert.IsNull(ContractVersions.Incompatibility("1.0", "1.2"));
        StringAssert.Contains(ContractVersions.Incompatibility("1.3", "1.2"), "newer");
        StringAssert.Contains(ContractVersions.Incompatibility("2.0", "1.2"), "major");
        StringAssert.Contains(ContractVersions.Incompatibility("one", "1.2"), "not 'major.minor'");
    }
}
