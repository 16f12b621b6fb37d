using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>
/// What the CORS and authentication middleware would do for <c>/me/entitlements</c>, which routing answers as
/// soon as it matches (<see cref="Hosting.HotPath"/>): a preflight answered 204 with the site origins' CORS
/// headers (credentials, GET, never a wildcard), those headers on the answer, and the reader from the
/// request's cookie through the default scheme (<c>Membership.Session</c>, with its security-stamp check and
/// sliding renewal), or from <see cref="KnownSessions"/> when that answer is already certain. The endpoint accepts preflights (<see cref="AcceptsPreflight"/>), as RequireCors would
/// have it; RequireCors itself cannot be used on an endpoint that short-circuits.
/// </summary>
public sealed class MySessionFilter(ICorsService cors, IOptions<CorsOptions> corsOptions, KnownSessions sessions) : IEndpointFilter
{
    public static readonly HttpMethodMetadata AcceptsPreflight = new([HttpMethods.Get], acceptCorsPreflight: true);

    private readonly CorsPolicy _policy = corsOptions.Value.GetPolicy(MyEntitlementsApi.SiteOriginsCorsPolicy)
        ?? throw new InvalidOperationException($"The CORS policy '{MyEntitlementsApi.SiteOriginsCorsPolicy}' is not configured.");

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var request = http.Request;
        if (request.Headers.Origin.Count > 0)
        {
            cors.ApplyResult(cors.EvaluatePolicy(http, _policy), http.Response);
            // Routing only sends an OPTIONS here when it is a preflight (Origin and Access-Control-Request-Method).
            if (HttpMethods.IsOptions(request.Method))
                return TypedResults.NoContent();
        }
        if (sessions.TryAuthenticate(http))
            return await next(context);
        var session = await http.AuthenticateAsync();
        if (session.Principal is not null)
            http.User = session.Principal;
        return await next(context);
    }
}
