using DtSmdrl.Host.Hosting;
using DtSmdrl.Host.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Tests;

[TestClass]
public sealed class TorchOptionsTests
{
    private static TorchOptions Resolve(Dictionary<string, string?> overrides)
    {
        using var host = DtSmdrlHostBuilder.Create(overrides: overrides).Build();
        return host.Services.GetRequiredService<IOptions<TorchOptions>>().Value;
    }

    [TestMethod]
    public void BindsFromConfiguration()
    {
        var options = Resolve(new() { ["Torch:Device"] = "cuda:1", ["Torch:IntraOpThreads"] = "1", ["Torch:Seed"] = "9" });
        Assert.AreEqual("cuda:1", options.Device);
        Assert.AreEqual(1, options.IntraOpThreads);
        Assert.AreEqual(9L, options.Seed);
    }

    [TestMethod]
    public void UnknownDeviceFailsWithTheSettingNamed()
    {
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => Resolve(new() { ["Torch:Device"] = "tpu" }));
        StringAssert.Contains(error.Message, "Torch:Device");
    }

    [TestMethod]
    public void NegativeThreadCountFails()
    {
        var error = Assert.ThrowsExactly<OptionsValidationException>(() => Resolve(new() { ["Torch:IntraOpThreads"] = "-1" }));
        StringAssert.Contains(error.Message, "IntraOpThreads");
    }

    [TestMethod]
    public void MissingConfigFileIsNamed()
    {
        var error = Assert.ThrowsExactly<FileNotFoundException>(() => DtSmdrlHostBuilder.Create("/nonexistent/dtsmdrl.json"));
        StringAssert.Contains(error.Message, "/nonexistent/dtsmdrl.json");
    }
}
