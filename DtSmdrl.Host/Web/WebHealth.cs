using DtSmdrl.Host.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DtSmdrl.Host.Web;

/// <summary>
/// Readiness: the store answers and a promoted model exists (without one there is nothing to recommend).
/// Liveness has no checks: the process answering is the signal.
/// </summary>
public sealed class StoreReadyHealthCheck(Database database) : IHealthCheck
{
    public const string Tag = "ready";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var model = database.Read(ModelStore.Current);
            return Task.FromResult(model is null
                ? HealthCheckResult.Unhealthy("store reachable; no promoted model (run `dtsmdrl train`)")
                : HealthCheckResult.Healthy($"store reachable; model v{model.Version} ({model.Engine})"));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("store unreachable", e));
        }
    }
}
