using System.Globalization;

namespace Membership.Web.ApiKeys;

/// <summary>
/// The site API's key check, on the hot path every page view of the site takes. It answers as the
/// ApiKey scheme would under a policy (401 with <c>WWW-Authenticate: Bearer</c> without a live key, 403
/// for a key of another kind) but without the authorization middleware's per-request scheme handlers and
/// principals, which cost about a seventh of a cached lookup (measured with perf under ./build.sh bench).
/// A live key over its rate (SiteKeyRateLimit) gets a 429 with Retry-After.
/// </summary>
public sealed class SiteApiKeyFilter(ApiKeyRing keys, ApiKeyUsage usage, SiteKeyRateLimit rateLimit) : IEndpointFilter
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
        if (rateLimit.Refuse(key.Id) is { } wait)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests for this site key",
                detail: $"A site key may make {rateLimit.PerWindow} requests per window (RateLimits__SiteKey); wait for Retry-After seconds.");
        }
        return await next(context);
    }
}
