using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace DtSmdrl.Host.Web.CdsHooks;

/// <summary>The CDS Hooks service of `dtsmdrl serve`, bound from the "CdsHooks" configuration section.</summary>
public sealed class CdsHooksOptions
{
    public const string Section = "CdsHooks";

    /// <summary>Serve /cds-services. Off by default: an EHR connection is configured on purpose, with its issuers.</summary>
    public bool Enabled { get; set; }

    /// <summary>The EHRs allowed to call, each with the JWKS its tokens are checked against.</summary>
    public List<CdsIssuer> Issuers { get; set; } = [];

    /// <summary>
    /// Base URL the EHR calls (e.g. "https://dss.example.org"), used for the expected JWT "aud" and the patient
    /// page link. Empty: the request's own scheme and host (right when no proxy sits in front).
    /// </summary>
    [RegularExpression("^(https?://[^\\s/]+(/[^\\s]*)?)?$", ErrorMessage = "CdsHooks:PublicBaseUrl must be an http(s) URL or empty.")]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>Origins allowed by CORS (e.g. a CDS Hooks sandbox); empty: no CORS headers. "*" allows any origin.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>Time a hook call may take; past it the call answers 503 rather than late (the spec asks for fast answers).</summary>
    [Range(50, 10_000, ErrorMessage = "CdsHooks:TimeBudgetMilliseconds must be 50-10000.")]
    public int TimeBudgetMilliseconds { get; set; } = 400;

    /// <summary>P(severe toxicity) of a regimen at or above which a card is a warning.</summary>
    [Range(0.0, 1.0, ErrorMessage = "CdsHooks:ToxicityWarning must be 0-1.")]
    public double ToxicityWarning { get; set; } = 0.3;

    /// <summary>P(severe toxicity) at or above which a card is critical.</summary>
    [Range(0.0, 1.0, ErrorMessage = "CdsHooks:ToxicityCritical must be 0-1.")]
    public double ToxicityCritical { get; set; } = 0.5;

    /// <summary>CVaR of the plan's toxicity cost at or above which the recommended plan's card is a warning.</summary>
    [Range(0.0, 1000.0, ErrorMessage = "CdsHooks:CvarWarning must be 0-1000.")]
    public double CvarWarning { get; set; } = 3.0;

    /// <summary>Clock skew allowed on exp and iat.</summary>
    [Range(0, 300, ErrorMessage = "CdsHooks:ClockSkewSeconds must be 0-300.")]
    public int ClockSkewSeconds { get; set; } = 30;

    /// <summary>Longest accepted token lifetime (the spec: exp at most 5 minutes after iat).</summary>
    [Range(10, 3600, ErrorMessage = "CdsHooks:MaxTokenLifetimeSeconds must be 10-3600.")]
    public int MaxTokenLifetimeSeconds { get; set; } = 300;

    /// <summary>How long a JWKS fetched from a URL is used before it is fetched again.</summary>
    [Range(1, 1440, ErrorMessage = "CdsHooks:JwksCacheMinutes must be 1-1440.")]
    public int JwksCacheMinutes { get; set; } = 60;
}

/// <summary>One allowlisted EHR: its "iss" and where its signing keys are.</summary>
public sealed class CdsIssuer
{
    /// <summary>The exact "iss" of its tokens.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>URL of its JWKS (fetched, cached); or give <see cref="Jwks"/>.</summary>
    public string? JwksUrl { get; set; }

    /// <summary>The JWKS itself, as JSON text ({"keys": [...]}) or a path to a file holding it.</summary>
    public string? Jwks { get; set; }
}

/// <summary>Checks what annotations cannot: issuers when enabled, each with exactly one key source, limits in order.</summary>
public sealed class CdsHooksOptionsValidator : IValidateOptions<CdsHooksOptions>
{
    public ValidateOptionsResult Validate(string? name, CdsHooksOptions options)
    {
        var failures = new List<string>();
        if (options.Enabled && options.Issuers.Count == 0)
            failures.Add("CdsHooks:Issuers: at least one issuer is required when CdsHooks:Enabled is true (every call must carry a token from an allowlisted issuer).");
        for (var i = 0; i < options.Issuers.Count; i++)
        {
            var issuer = options.Issuers[i];
            if (string.IsNullOrWhiteSpace(issuer.Issuer)) failures.Add($"CdsHooks:Issuers:{i}:Issuer is required.");
            if (string.IsNullOrWhiteSpace(issuer.JwksUrl) == string.IsNullOrWhiteSpace(issuer.Jwks))
                failures.Add($"CdsHooks:Issuers:{i}: give exactly one of JwksUrl or Jwks.");
            if (issuer.JwksUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
                failures.Add($"CdsHooks:Issuers:{i}:JwksUrl '{url}' is not an http(s) URL.");
        }
        if (options.Issuers.GroupBy(i => i.Issuer).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
            failures.Add($"CdsHooks:Issuers: issuer '{duplicate.Key}' is listed twice.");
        if (options.ToxicityCritical < options.ToxicityWarning)
            failures.Add("CdsHooks:ToxicityCritical must not be below CdsHooks:ToxicityWarning.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
