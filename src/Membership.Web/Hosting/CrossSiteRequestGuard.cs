using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>
/// Refuses a browser's cross-site change to the JSON API. Endpoints under /api accept the Identity cookie
/// without an antiforgery token, and SameSite=Lax does not stop a request from another host of the same
/// site (the news site shares a parent domain with us: <c>Membership__CookieDomain</c>). Browsers say where
/// a request comes from in Sec-Fetch-Site and Origin; a change is let through only from our own origin.
/// What is judged is the cookie: a request that carries it is refused from elsewhere whatever else it
/// carries, since an Authorization header the cookie's owner did not send (Basic, or an unknown token)
/// leaves the cookie to sign the request in. Callers without the cookie (bearer tokens, API keys) cannot
/// be forged this way and pass, as do clients that send neither header (they are not browsers).
/// </summary>
public sealed class CrossSiteRequestGuard
{
    private readonly RequestDelegate _next;
    private readonly string _applicationCookie;
    private readonly string _publicOrigin;

    public CrossSiteRequestGuard(RequestDelegate next, IOptions<MembershipOptions> membership, IOptionsMonitor<CookieAuthenticationOptions> cookies)
    {
        _next = next;
        _applicationCookie = cookies.Get(IdentityConstants.ApplicationScheme).Cookie.Name
            ?? throw new InvalidOperationException("Identity's application cookie has no name.");
        _publicOrigin = membership.Value.PublicUrl.GetLeftPart(UriPartial.Authority);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (IsUnsafe(request.Method)
            && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
            && request.Cookies.ContainsKey(_applicationCookie)
            && !FromOwnOrigin(request))
        {
            return TypedResults.Problem(
                "A change to your account must come from this service's own pages.",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Cross-site request refused").ExecuteAsync(context);
        }
        return _next(context);
    }

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    private bool FromOwnOrigin(HttpRequest request)
    {
        var fetchSite = request.Headers["Sec-Fetch-Site"].ToString();
        if (fetchSite.Length > 0 && fetchSite is not ("same-origin" or "none"))
            return false;
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || IsOwnOrigin(origin, request);
    }

    private bool IsOwnOrigin(string origin, HttpRequest request)
    {
        // Origin is "null" for opaque origins (sandboxed frames, some redirects): never ours.
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
            return false;
        var normalized = uri.GetLeftPart(UriPartial.Authority);
        return string.Equals(normalized, _publicOrigin, StringComparison.OrdinalIgnoreCase)
            || (Uri.TryCreate($"{request.Scheme}://{request.Host}", UriKind.Absolute, out var own)
                && string.Equals(normalized, own.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }
}
