using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>
/// <c>GET /adfree.js</c>: the one line a site adds. Built once at start with the site name and the
/// service URL baked in; served with an ETag and five minutes of caching.
/// </summary>
public sealed class AdFreeSnippet(IOptions<MembershipOptions> membership)
{
    private readonly byte[] _script = Encoding.UTF8.GetBytes(AdFreeSnippetScript.Template
        .Replace("__SERVICE__", JsonSerializer.Serialize(membership.Value.PublicUrl.ToString().TrimEnd('/')), StringComparison.Ordinal)
        .Replace("__SITE__", JsonSerializer.Serialize(membership.Value.SiteName), StringComparison.Ordinal));

    public ReadOnlyMemory<byte> Script => _script;

    public string ETag => field ??= $"\"{Convert.ToHexStringLower(SHA256.HashData(_script))[..20]}\"";

    public IResult Serve(HttpContext http)
    {
        http.Response.Headers.ETag = ETag;
        http.Response.Headers.CacheControl = "public, max-age=300";
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Contains(ETag, StringComparison.Ordinal)))
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(_script, "text/javascript; charset=utf-8");
    }
}

public static class AdFreeSnippetApi
{
    public static IEndpointRouteBuilder MapAdFreeSnippet(this IEndpointRouteBuilder app)
    {
        app.MapGet("/adfree.js", (HttpContext http, AdFreeSnippet snippet) => snippet.Serve(http))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
