using System.Text.Json.Nodes;
using DtSmdrl.Host.Options;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// What the health endpoint and the health file show of the cluster: its id, every silo the membership knows with
/// its status, and the grain activations across the cluster (read through Orleans' management grain).
/// </summary>
public sealed class ClusterMembership(IGrainFactory grains, IOptions<ClusterModeOptions> options)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>The membership as JSON: cluster id, silos (address and status), active silo count, total activations.</summary>
    public async Task<JsonObject> ReadAsync(CancellationToken cancellation = default)
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: false).WaitAsync(Timeout, cancellation);
        var activations = await management.GetTotalActivationCount().WaitAsync(Timeout, cancellation);
        var silos = hosts.OrderBy(h => h.Key.ToString(), StringComparer.Ordinal)
            .Select(h => (JsonNode)new JsonObject { ["address"] = h.Key.ToString(), ["status"] = h.Value.ToString() }).ToArray();
        return new JsonObject
        {
            ["cluster_id"] = options.Value.ClusterId,
            ["membership"] = options.Value.Membership,
            ["active_silos"] = hosts.Count(h => h.Value == SiloStatus.Active),
            ["activations"] = activations,
            ["silos"] = new JsonArray(silos),
        };
    }
}
