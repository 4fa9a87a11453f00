using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DtSmdrl.Host.Tests.Web.CdsHooks;

/// <summary>A test EHR: its own ES384 and RS384 keys, their JWKS, and tokens it signs (or forges).</summary>
internal sealed class TestIssuer
{
    public const string Name = "https://ehr.test/fhir";

    private readonly ECDsaSecurityKey ec = new(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "ec-1" };
    private readonly RsaSecurityKey rsa = new(RSA.Create(2048)) { KeyId = "rsa-1" };

    public string Issuer { get; init; } = Name;

    /// <summary>{"keys": [...]} with the public halves of both keys.</summary>
    public string Jwks()
    {
        var keys = new[] { JsonWebKeyConverter.ConvertFromECDsaSecurityKey(ec), JsonWebKeyConverter.ConvertFromRSASecurityKey(rsa) }
            .Select(k => new Dictionary<string, object?>
            {
                ["kty"] = k.Kty, ["kid"] = k.Kid, ["use"] = "sig", ["crv"] = k.Crv, ["x"] = k.X, ["y"] = k.Y, ["n"] = k.N, ["e"] = k.E,
                ["alg"] = k.Kty == "EC" ? "ES384" : "RS384",
            }.Where(p => p.Value is not null).ToDictionary(p => p.Key, p => p.Value));
        return JsonSerializer.Serialize(new { keys });
    }

    /// <summary>A token for <paramref name="audience"/>; the defaults make a valid one.</summary>
    public string Token(string audience, string alg = "ES384", string? issuer = null, TimeSpan? age = null, TimeSpan? lifetime = null, string? jti = null, bool otherKey = false)
    {
        var issuedAt = DateTime.UtcNow - (age ?? TimeSpan.Zero);
        SecurityKey key = alg == "RS384" ? rsa : ec;
        if (otherKey) key = alg == "RS384" ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = "rsa-1" } : new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP384)) { KeyId = "ec-1" };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromMinutes(5)),
            Claims = new Dictionary<string, object> { ["jti"] = jti ?? Guid.NewGuid().ToString(), ["sub"] = "ehr-client-1", ["tenant"] = "test" },
            SigningCredentials = new SigningCredentials(key, alg),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An unsigned token ("alg": "none").</summary>
    public string Unsigned(string audience)
    {
        static string B64(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{B64("""{"alg":"none","typ":"JWT"}""")}.{B64($$"""{"iss":"{{Issuer}}","aud":"{{audience}}","iat":{{now}},"exp":{{now + 300}},"jti":"{{Guid.NewGuid()}}"}""")}.";
    }

    /// <summary>An HS256 token keyed with the public JWKS text (the classic key-confusion attack).</summary>
    public string Hmac(string audience)
    {
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Jwks().PadRight(64, 'x')));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer, Audience = audience, IssuedAt = DateTime.UtcNow, Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = Guid.NewGuid().ToString() },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
