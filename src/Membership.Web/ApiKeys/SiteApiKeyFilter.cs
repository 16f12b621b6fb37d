namespace Membership.Web.ApiKeys;

/// <summary>
/// The site API's key check, on the hot path every page view of the site takes. It answers as the
/// ApiKey scheme would under a policy (401 with <c>WWW-Authenticate: Bearer</c> without a live key, 403
/// for a key of another kind) but without the authorization middleware's per-request scheme handlers and
/// principals, which cost about a seventh of a cached lookup (measured with perf under ./build.sh bench).
/// </summary>
public sealed class SiteApiKeyFilter(ApiKeyRing keys, ApiKeyUsage usage) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!ApiKeyAuthenticationHandler.TryReadBearer(http.Request, out var presented)
            || await keys.FindAsync(presented, http.RequestAborted) is not { } key)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "A site API key is required.",
                detail: "Send a live site API key as Authorization: Bearer <key>.");
        }
        if (key.Kind != ApiKeyKind.Site)
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "This endpoint takes site API keys only.");
        usage.Touch(key.Id);
        return await next(context);
    }
}
