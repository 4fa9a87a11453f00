using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Tests.Cluster;

/// <summary>Cluster:* settings are validated like every other section, and before a silo is configured.</summary>
[TestClass]
public sealed class ClusterOptionsTests
{
    /// <summary>Asserts that the host's validation and the silo's early check both refuse the settings with <paramref name="expected"/>.</summary>
    private static void Refused(Dictionary<string, string?> settings, string expected)
    {
        using var host = DtSmdrlHostBuilder.Create(overrides: settings).Build();
        StringAssert.Contains(Assert.ThrowsExactly<OptionsValidationException>(() => StoreAndJobsServices.ValidateAll(host.Services)).Message, expected);
        StringAssert.Contains(Assert.ThrowsExactly<OptionsValidationException>(() => ClusterHosting.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())).Message, expected);
    }

    [TestMethod]
    public void DefaultsAreValidAndOff()
    {
        var options = ClusterHosting.Read(new ConfigurationBuilder().Build());
        Assert.IsFalse(options.Enabled);
        Assert.AreEqual(("localhost", 8), (options.Membership, options.MaxConcurrentPatients));
    }

    [TestMethod]
    public void BadValuesAreNamed()
    {
        Refused(new() { ["Cluster:Membership"] = "zookeeper" }, "Cluster:Membership must be 'localhost' or 'redis'");
        Refused(new() { ["Cluster:MaxConcurrentPatients"] = "0" }, "Cluster:MaxConcurrentPatients must be 1-256");
        Refused(new() { ["Cluster:Tenant"] = "a/b" }, "Cluster:Tenant");
        Refused(new() { ["Cluster:GatewayPort"] = "11111" }, "Cluster:GatewayPort: must differ from Cluster:SiloPort (11111)");
        Refused(new() { ["Cluster:Membership"] = "redis" }, "Cluster:RedisConnectionString: required when Cluster:Membership is 'redis'");
        Refused(new() { ["Cluster:Membership"] = "redis", ["Cluster:RedisConnectionString"] = "127.0.0.1:6379", ["Cluster:AdvertisedAddress"] = "my-host" },
            "Cluster:AdvertisedAddress: 'my-host' is not an IP address");
    }

    [TestMethod]
    public void TwinKeysKeepEveryCharacterOfThePatientId()
    {
        var key = new PatientTwinKey("hospital-a", "P/0001:x");
        Assert.AreEqual("hospital-a/P/0001:x", key.ToString());
        Assert.AreEqual(key, PatientTwinKey.Parse(key.ToString()));
        Assert.ThrowsExactly<FormatException>(() => PatientTwinKey.Parse("no-tenant"));
        Assert.ThrowsExactly<FormatException>(() => PatientTwinKey.Parse("tenant/"));
    }
}
