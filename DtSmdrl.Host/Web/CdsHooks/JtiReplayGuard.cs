using System.Collections.Concurrent;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// Refuses a token whose (iss, jti) was seen before it expired. Kept in memory: a token lives at most
/// CdsHooks:MaxTokenLifetimeSeconds, and with several instances behind one address the load balancer's
/// stickiness or a shared cache would be needed (said in DtSmdrl.Host/README.md).
/// </summary>
public sealed class JtiReplayGuard(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    /// <summary>True the first time; false for a replay.</summary>
    public bool TryUse(string issuer, string jti, DateTimeOffset expires)
    {
        var now = clock.GetUtcNow();
        if (seen.Count > 1024)
            foreach (var (key, until) in seen)
                if (until < now) seen.TryRemove(key, out _);
        return seen.TryAdd(issuer + "\u0000" + jti, expires);
    }
}
