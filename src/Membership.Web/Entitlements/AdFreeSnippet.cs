using System.Security.Cryptography;
using Membership.Web.AdLeaks;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>
/// <c>GET /adfree.js</c>: the one line a site adds. The site name, the service URL and the keys that
/// verify the pass (every key the JWKS publishes now, so a pass from the next key verifies the day it
/// starts signing) are baked in; rendered again only when the published keys change. Five minutes of
/// caching and an ETag: a key is published a day before it signs, far longer than any cached copy lives.
/// </summary>
public sealed class AdFreeSnippet(
    SigningKeyRing ring, SigningKeyRotation rotation, TimeProvider time,
    IOptions<MembershipOptions> membership, IOptions<EntitlementsOptions> entitlements, IOptions<AdLeaksOptions> leaks)
{
    private readonly AdFreeSnippetScript _script = new(membership.Value, leaks.Value);
    private volatile RenderedSnippet? _rendered;

    /// <summary>The script as served now (rendering it when the published keys changed).</summary>
    public async Task<RenderedSnippet> CurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (ring.Signer(now, entitlements.Value.PassLifetime) is null)
            await rotation.EnsureSignerAsync(cancellationToken);
        var keys = ring.Published(now).OrderBy(k => k.ActivatesAt).ToList();
        var keyIds = string.Join(',', keys.Select(k => k.Kid));
        var rendered = _rendered;
        if (rendered is null || rendered.KeyIds != keyIds)
        {
            var script = _script.Render(keys);
            _rendered = rendered = new RenderedSnippet(keyIds, script, $"\"{Convert.ToHexStringLower(SHA256.HashData(script))[..20]}\"");
        }
        return rendered;
    }

    public async Task<IResult> ServeAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var snippet = await CurrentAsync(cancellationToken);
        http.Response.Headers.ETag = snippet.ETag;
        http.Response.Headers.CacheControl = "public, max-age=300";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(snippet.ETag, StringComparison.Ordinal)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(snippet.Script, "text/javascript; charset=utf-8");
    }
}

public sealed record RenderedSnippet(string KeyIds, byte[] Script, string ETag);

public static class AdFreeSnippetApi
{
    public static IEndpointRouteBuilder MapAdFreeSnippet(this IEndpointRouteBuilder app)
    {
        app.MapGet("/adfree.js", (HttpContext http, AdFreeSnippet snippet, CancellationToken cancellationToken) => snippet.ServeAsync(http, cancellationToken))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
