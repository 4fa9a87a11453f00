using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>The outcome of checking a hook call's bearer token: the caller, or why it is refused.</summary>
public sealed record CdsCaller(string? Issuer, string? Subject, string? Failure)
{
    public bool IsValid => Failure is null;
}

/// <summary>
/// Checks the EHR's JWT on every call (CDS Hooks 2.0, "Trusting CDS Clients"): signed with ES384 or RS384 only
/// (never "none" or HMAC), "iss" on the allowlist and the signature verified with that issuer's configured
/// JWKS, "aud" equal to the called endpoint's URL, "exp" and "iat" present and current, the lifetime within
/// the limit, and "jti" present and not seen before.
/// </summary>
public sealed class CdsJwtValidator(IOptions<CdsHooksOptions> options, JwksCache keys, JtiReplayGuard replay, TimeProvider clock)
{
    /// <summary>The only signature algorithms accepted.</summary>
    public static readonly IReadOnlyList<string> Algorithms = [SecurityAlgorithms.EcdsaSha384, SecurityAlgorithms.RsaSha384];

    private readonly CdsHooksOptions settings = options.Value;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<CdsCaller> ValidateAsync(string? authorization, string audience, CancellationToken cancel)
    {
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return Refuse("no bearer token: every call must carry the EHR's signed JWT in the Authorization header");
        var text = authorization["Bearer ".Length..].Trim();
        JsonWebToken token;
        try
        {
            token = new JsonWebToken(text);
        }
        catch (Exception e) when (e is ArgumentException or SecurityTokenMalformedException)
        {
            return Refuse("the bearer token is not a JWT");
        }
        if (!Algorithms.Contains(token.Alg))
            return Refuse($"alg '{token.Alg}' is refused: only {string.Join(" and ", Algorithms)} are accepted (never none or HMAC)");
        var issuer = settings.Issuers.FirstOrDefault(i => i.Issuer == token.Issuer);
        if (issuer is null) return Refuse($"issuer '{token.Issuer}' is not on the allowlist (CdsHooks:Issuers)");
        if (!token.TryGetPayloadValue<string>("jti", out var jti) || string.IsNullOrEmpty(jti)) return Refuse("the token has no jti");
        if (!token.TryGetPayloadValue<long>("iat", out _)) return Refuse("the token has no iat");

        IReadOnlyList<SecurityKey> signingKeys;
        try
        {
            signingKeys = await keys.KeysAsync(issuer, string.IsNullOrEmpty(token.Kid) ? null : token.Kid, cancel);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or ArgumentException || (e is TaskCanceledException && !cancel.IsCancellationRequested))
        {
            return Refuse($"the JWKS of issuer '{issuer.Issuer}' could not be read ({e.GetType().Name})");
        }
        if (signingKeys.Count == 0) return Refuse($"no key '{token.Kid}' in the JWKS of issuer '{issuer.Issuer}'");

        var skew = TimeSpan.FromSeconds(settings.ClockSkewSeconds);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = Algorithms,
            RequireSignedTokens = true,
            // exp, nbf and iat are checked below against the host's TimeProvider (one clock for every check).
            ValidateLifetime = false,
            TryAllIssuerSigningKeys = true,
        };
        var result = await handler.ValidateTokenAsync(text, parameters);
        if (!result.IsValid)
            return Refuse(result.Exception switch
            {
                SecurityTokenInvalidAudienceException => $"aud is not this endpoint ({audience})",
                SecurityTokenInvalidSignatureException or SecurityTokenSignatureKeyNotFoundException => "the signature does not verify with the issuer's JWKS",
                _ => $"the token is not valid ({result.Exception?.GetType().Name})",
            });

        var now = clock.GetUtcNow();
        if (!token.TryGetPayloadValue<long>("exp", out _)) return Refuse("the token has no exp");
        var issuedAt = new DateTimeOffset(token.IssuedAt, TimeSpan.Zero);
        var expires = new DateTimeOffset(token.ValidTo, TimeSpan.Zero);
        if (expires + skew < now) return Refuse("the token has expired (exp)");
        if (issuedAt > now + skew) return Refuse("iat is in the future");
        if (token.ValidFrom != DateTime.MinValue && new DateTimeOffset(token.ValidFrom, TimeSpan.Zero) > now + skew) return Refuse("the token is not valid yet (nbf)");
        if (expires - issuedAt > TimeSpan.FromSeconds(settings.MaxTokenLifetimeSeconds))
            return Refuse($"the token lives longer than {settings.MaxTokenLifetimeSeconds} s (exp - iat)");
        if (!replay.TryUse(issuer.Issuer, jti, expires + skew)) return Refuse("jti was already used: a replayed token is refused");
        return new CdsCaller(issuer.Issuer, token.TryGetPayloadValue<string>("sub", out var sub) ? sub : null, null);
    }

    private static CdsCaller Refuse(string reason) => new(null, null, reason);
}
