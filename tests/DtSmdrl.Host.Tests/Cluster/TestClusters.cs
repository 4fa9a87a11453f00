using DtSmdrl.Host.Cluster;
using DtSmdrl.Host.Hosting;
using DtSmdrl.Host.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace DtSmdrl.Host.Tests.Cluster;

/// <summary>
/// In-process Orleans clusters on a test store: every silo host is configured exactly like the service's
/// (<see cref="DtSmdrlHostBuilder.Configure"/> with the test's settings, then <see cref="ClusterHosting.AddGrains"/>),
/// and the job side is a DtSmdrl host whose fan-out calls the cluster's client.
/// </summary>
public static class TestClusters
{
    /// <summary>Grain calls give up on a dead silo after this long (the default 30 s would make a kill test slow).</summary>
    public const int CallTimeoutSeconds = 15;

    public static async Task<InProcessTestCluster> StartAsync(Dictionary<string, string?> settings, short silos)
    {
        var options = new ClusterModeOptions { CallTimeoutSeconds = CallTimeoutSeconds };
        var builder = new InProcessTestClusterBuilder(silos);
        builder.ConfigureSiloHost((_, host) => DtSmdrlHostBuilder.Configure(host, overrides: settings));
        builder.ConfigureSilo((_, silo) => ClusterHosting.AddGrains(silo, options));
        builder.ConfigureClient(client => client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(CallTimeoutSeconds)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>A DtSmdrl host (jobs, store, options) whose update-twins and recommend-batch fan out to <paramref name="cluster"/>.</summary>
    public static IHost JobHost(InProcessTestCluster cluster, Dictionary<string, string?> settings)
    {
        var builder = DtSmdrlHostBuilder.Create(overrides: settings);
        builder.Services.AddSingleton<IGrainFactory>(cluster.Client);
        ClusterHosting.AddJobServices(builder.Services);
        return builder.Build();
    }
}
