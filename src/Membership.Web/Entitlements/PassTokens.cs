using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

public sealed record IssuedPass(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// The signed pass: a compact JWS (ES256) a site or edge verifies with the JWKS alone. It says whether
/// the reader is ad-free and nothing personal beyond the reader's opaque id.
/// </summary>
public sealed class PassTokens(SigningKeyRing ring, SigningKeyRotation rotation, TimeProvider time, IOptions<MembershipOptions> membership, IOptions<EntitlementsOptions> options)
{
    private readonly string _issuer = membership.Value.PublicUrl.ToString().TrimEnd('/');

    public string Issuer => _issuer;

    public async Task<IssuedPass> IssueAsync(Guid readerId, EntitlementView view, CancellationToken cancellationToken)
    {
        var lifetime = options.Value.PassLifetime;
        var now = time.GetUtcNow();
        var key = ring.Signer(now, lifetime) ?? await rotation.EnsureSignerAsync(cancellationToken);
        var issuedAt = now.ToUnixTimeSeconds();
        var expires = Math.Min(issuedAt + (long)lifetime.TotalSeconds, key.RetiresAt.ToUnixTimeSeconds());
        // A pass that says ad-free must not outlive the access it stands for (a grant's end, the period's end,
        // the grace end of a failed renewal): sites and the snippet trust it until exp without asking.
        if (view.AdFree && view.ValidUntil is { } validUntil)
            expires = Math.Min(expires, validUntil.ToUnixTimeSeconds());

        var header = Json(w =>
        {
            w.WriteString("alg", "ES256");
            w.WriteString("kid", key.Kid);
            w.WriteString("typ", "JWT");
        });
        var payload = Json(w =>
        {
            w.WriteString("iss", _issuer);
            w.WriteString("sub", readerId.ToString());
            w.WriteBoolean("ad_free", view.AdFree);
            w.WriteStartArray("features");
            foreach (var feature in view.Features)
                w.WriteStringValue(feature);
            w.WriteEndArray();
            w.WriteNumber("iat", issuedAt);
            w.WriteNumber("exp", expires);
        });
        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        var signature = key.Sign(System.Text.Encoding.ASCII.GetBytes(signingInput));
        return new IssuedPass($"{signingInput}.{Base64Url.EncodeToString(signature)}", DateTimeOffset.FromUnixTimeSeconds(expires));
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
