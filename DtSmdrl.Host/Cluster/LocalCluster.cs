using System.Net;
using System.Net.Sockets;
using DtSmdrl.Host.Hosting;
using Microsoft.Extensions.Hosting;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// N silos with localhost membership in this process, each a full DtSmdrl host on the same settings and store (what
/// N `serve-jobs --cluster` processes on one machine would be, without the process boundaries). For `bench cluster`.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<IHost> silos;

    private LocalCluster(List<IHost> silos, int gatewayPort) => (this.silos, GatewayPort) = (silos, gatewayPort);

    /// <summary>The first (primary) silo's host: run jobs through its services, they fan out to every silo.</summary>
    public IHost Primary => silos[0];

    public int Count => silos.Count;

    /// <summary>The primary silo's client gateway port (a client's `Cluster:GatewayPort`, e.g. `study --cluster`).</summary>
    public int GatewayPort { get; }

    public static async Task<LocalCluster> StartAsync(int count, IReadOnlyDictionary<string, string?> settings)
    {
        var ports = Enumerable.Range(0, 2 * count).Select(_ => FreePort()).ToList();
        var silos = new List<IHost>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var own = new Dictionary<string, string?>(settings)
                {
                    ["Cluster:Enabled"] = "true", ["Cluster:Membership"] = "localhost",
                    ["Cluster:SiloPort"] = ports[2 * i].ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Cluster:GatewayPort"] = ports[2 * i + 1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["Cluster:PrimarySiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                };
                var builder = DtSmdrlHostBuilder.Create(overrides: own);
                ClusterHosting.AddSiloIfEnabled(builder);
                var host = builder.Build();
                await host.StartAsync();
                silos.Add(host);
            }
            return new LocalCluster(silos, ports[1]);
        }
        catch
        {
            foreach (var silo in silos) silo.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Secondaries first: the primary holds the development membership.
        for (var i = silos.Count - 1; i >= 0; i--)
        {
            await silos[i].StopAsync();
            silos[i].Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
