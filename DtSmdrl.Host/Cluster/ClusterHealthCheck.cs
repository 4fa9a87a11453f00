using System.Text.Json.Nodes;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DtSmdrl.Host.Cluster;

/// <summary>
/// Readiness in cluster mode: the membership answers and has at least one active silo; the description lists the
/// silos with their status and the cluster's activation count (no patient data).
/// </summary>
public sealed class ClusterHealthCheck(ClusterMembership membership) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        JsonObject view;
        try
        {
            view = await membership.ReadAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"cluster membership unreachable ({e.GetType().Name})");
        }
        var silos = string.Join(", ", view["silos"]!.AsArray().Select(s => $"{s!["address"]} {s["status"]}"));
        var description = $"cluster {view["cluster_id"]} ({view["membership"]}): {view["active_silos"]} active silo(s) [{silos}], {view["activations"]} activations";
        return (int)view["active_silos"]! > 0 ? HealthCheckResult.Healthy(description) : HealthCheckResult.Unhealthy(description);
    }
}
