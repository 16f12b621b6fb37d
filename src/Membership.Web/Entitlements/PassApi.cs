using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

public sealed record JsonWebKeySetDocument(IReadOnlyList<JsonElement> Keys);

/// <summary>Public keys that verify the pass, for sites and edges that check it without calling us.</summary>
public static class PassApi
{
    public static IEndpointRouteBuilder MapPassApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/.well-known/jwks.json", GetKeysAsync).AllowAnonymous().WithTags("Entitlements")
            .WithSummary("The JWKS of the adfree_pass: the signing key, the next one before it signs, old ones until their passes expire.");
        return app;
    }

    private static async Task<Ok<JsonWebKeySetDocument>> GetKeysAsync(
        HttpContext http, SigningKeyRing ring, SigningKeyRotation rotation, TimeProvider time, IOptions<EntitlementsOptions> options,
        CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (ring.Signer(now, options.Value.PassLifetime) is null)
            await rotation.EnsureSignerAsync(cancellationToken);
        // Verifiers may cache for five minutes: keys are published a day ahead, far longer.
        http.Response.Headers.CacheControl = "public, max-age=300";
        return TypedResults.Ok(new JsonWebKeySetDocument(ring.Published(now).OrderBy(k => k.ActivatesAt).Select(k => k.PublicJwk).ToList()));
    }
}
