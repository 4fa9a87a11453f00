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
            ["Plugins:Allowed:0"] = "sample-risk",
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
        using var services = Build(new() { ["Plugins:Allowed:0"] = "a", ["Plugins:Allowed:1"] = "a", ["Plugins:Folders:0"] = " " });
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => services.GetRequiredService<IOptions<PluginOptions>>().Value);
        StringAssert.Contains(error.Message, "Plugins:Folders:0 is empty");
        StringAssert.Contains(error.Message, "Plugins:Allowed lists 'a' twice");
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
