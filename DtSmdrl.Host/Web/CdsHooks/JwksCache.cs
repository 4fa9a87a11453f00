using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>
/// The signing keys of each allowlisted issuer: an inline JWKS (text or file) read once, or a JWKS URL
/// fetched and kept for CdsHooks:JwksCacheMinutes (fetched again early, at most once a minute, when a token
/// names a key id the cached set lacks: the EHR rotated its keys). The token's own "jku" is never followed.
/// </summary>
public sealed class JwksCache(IOptions<CdsHooksOptions> options, IHttpClientFactory http, TimeProvider clock)
{
    public const string HttpClientName = "cds-hooks-jwks";

    private sealed record Entry(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);

    private readonly CdsHooksOptions settings = options.Value;
    private readonly ConcurrentDictionary<string, Entry> cache = new(StringComparer.Ordinal);

    /// <summary>The issuer's keys matching <paramref name="keyId"/> (all its keys when the token names none).</summary>
    public async Task<IReadOnlyList<SecurityKey>> KeysAsync(CdsIssuer issuer, string? keyId, CancellationToken cancel)
    {
        var now = clock.GetUtcNow();
        if (!cache.TryGetValue(issuer.Issuer, out var entry) || Expired(entry, now, keyId))
        {
            entry = new Entry(await LoadAsync(issuer, cancel), now);
            cache[issuer.Issuer] = entry;
        }
        return keyId is null ? entry.Keys : entry.Keys.Where(k => k.KeyId == keyId).ToList();
    }

    private bool Expired(Entry entry, DateTimeOffset now, string? keyId)
    {
        var age = now - entry.FetchedAt;
        if (age > TimeSpan.FromMinutes(settings.JwksCacheMinutes)) return true;
        return keyId is not null && entry.Keys.All(k => k.KeyId != keyId) && age > TimeSpan.FromMinutes(1);
    }

    private async Task<IReadOnlyList<SecurityKey>> LoadAsync(CdsIssuer issuer, CancellationToken cancel)
    {
        string json;
        if (issuer.JwksUrl is { Length: > 0 } url)
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(url, cancel);
            response.EnsureSuccessStatusCode();
            json = await response.Content.ReadAsStringAsync(cancel);
        }
        else
        {
            var text = issuer.Jwks!.Trim();
            json = text.StartsWith('{') ? text : await File.ReadAllTextAsync(text, cancel);
        }
        return [.. new JsonWebKeySet(json).GetSigningKeys()];
    }
}
