using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Membership.Web.Entitlements;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Entitlements;

/// <summary>
/// Passes made outside the service: signed with the service's own current key (to show what a genuine pass does, and
/// that expiry and issuer are checked), and the forgeries an attacker can make with what the JWKS publishes.
/// Shared by the edge test and the browser tests (linked in).
/// </summary>
internal sealed class PassForger(IServiceProvider services, string issuer)
{
    private RingKey Signer => services.GetRequiredService<SigningKeyRing>().Signer(DateTimeOffset.UtcNow, TimeSpan.FromHours(1))
        ?? throw new InvalidOperationException("The service has no signing key yet: ask for /adfree.js or the JWKS first.");

    public string Kid => Signer.Kid;

    public static Dictionary<string, object> Claims(Guid readerId, bool adFree, DateTimeOffset issuedAt, DateTimeOffset expiresAt, string issuer) => new()
    {
        ["iss"] = issuer,
        ["sub"] = readerId.ToString(),
        ["ad_free"] = adFree,
        ["features"] = adFree ? new[] { "ad_free" } : [],
        ["iat"] = issuedAt.ToUnixTimeSeconds(),
        ["exp"] = expiresAt.ToUnixTimeSeconds(),
    };

    /// <summary>An ad-free pass for an hour, as the service would issue it.</summary>
    public Dictionary<string, object> AdFreeClaims(Guid readerId) =>
        Claims(readerId, adFree: true, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), issuer);

    /// <summary>Signed with the service's current key (ES256), exactly as PassTokens signs.</summary>
    public string SignedByService(object claims)
    {
        var key = Signer;
        var input = $"{Part(new { alg = "ES256", kid = key.Kid, typ = "JWT" })}.{Part(claims)}";
        return $"{input}.{Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(input)))}";
    }

    public string AlgNone(object claims) => $"{Part(new { alg = "none", kid = Kid, typ = "JWT" })}.{Part(claims)}.";

    /// <summary>HS256 keyed with the published public key (the classic algorithm confusion), with the JWK's JSON as the secret.</summary>
    public string Hs256WithPublicKey(object claims)
    {
        var jwk = services.GetRequiredService<SigningKeyRing>().All.Single(k => k.Kid == Kid).PublicJwk.GetRawText();
        var input = $"{Part(new { alg = "HS256", kid = Kid, typ = "JWT" })}.{Part(claims)}";
        return $"{input}.{Base64Url.EncodeToString(HMACSHA256.HashData(Encoding.UTF8.GetBytes(jwk), Encoding.ASCII.GetBytes(input)))}";
    }

    /// <summary>ES256, under the service's kid, but with a key of the attacker's own.</summary>
    public string WrongKey(object claims)
    {
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var input = $"{Part(new { alg = "ES256", kid = Kid, typ = "JWT" })}.{Part(claims)}";
        return $"{input}.{Base64Url.EncodeToString(stranger.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256))}";
    }

    /// <summary>A genuine pass saying "not ad-free", its claims edited to say ad-free, its signature kept.</summary>
    public string Tampered(Guid readerId)
    {
        var genuine = SignedByService(Claims(readerId, adFree: false, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), issuer)).Split('.');
        return $"{genuine[0]}.{Part(AdFreeClaims(readerId))}.{genuine[2]}";
    }

    public static JsonElement Payload(string token) => JsonDocument.Parse(Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement.Clone();

    private static string Part(object value) => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(value));
}
