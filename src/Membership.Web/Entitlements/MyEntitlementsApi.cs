using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Entitlements;

/// <summary>
/// The reader's browser asks, with its cookie, from the site's pages (CORS for
/// <c>Membership__SiteOrigins</c>, credentials allowed, no wildcard).
/// </summary>
public static class MyEntitlementsApi
{
    public const string SiteOriginsCorsPolicy = "SiteOrigins";

    public static IEndpointRouteBuilder MapMyEntitlementsApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").RequireCors(SiteOriginsCorsPolicy).WithTags("Entitlements");
        // GETs are never rate limited (AccountRateLimits counts posts): saying so skips the limiter's lookup.
        me.MapGet("/entitlements", GetAsync).AllowAnonymous().DisableRateLimiting().WithMetadata(HotPathMetadata.Instance)
            .WithSummary("The signed-in reader's entitlement; a signed-out visitor gets adFree false. Keeps the adfree_pass cookie fresh.");
        me.MapGet("/entitlement-token", TokenAsync).RequireAuthorization()
            .WithSummary("A signed pass (ES256 JWT, at most one hour), also set as the adfree_pass cookie.");
        return app;
    }

    private static async Task<Results<EntitlementJsonResult, ProblemHttpResult>> GetAsync(
        HttpContext http, SiteEntitlements entitlements, AdFreePass pass, TimeProvider time, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        var readerId = http.User.ReaderId();
        EntitlementRead? read = null;
        if (readerId is not null)
        {
            read = await TryReadAsync(entitlements, readerId.Value, cancellationToken);
            if (read is null)
                return EntitlementProblems.Unavailable(http);
        }
        if (readerId is null || read?.View is null)
        {
            // Signed out (or the account is gone): whatever pass the browser holds is no longer true.
            if (http.Request.Cookies.ContainsKey(AdFreePass.CookieName))
                pass.Remove(http);
            return new EntitlementJsonResult(EntitlementView.Anonymous(time.GetUtcNow()));
        }
        await pass.RefreshAsync(http, readerId.Value, read.Value.View, force: false, cancellationToken);
        return new EntitlementJsonResult(EntitlementProblems.MarkIfStale(http, read.Value));
    }

    private static async Task<Results<Ok<IssuedPass>, UnauthorizedHttpResult, ProblemHttpResult>> TokenAsync(
        HttpContext http, SiteEntitlements entitlements, AdFreePass pass, PassTokens tokens, CancellationToken cancellationToken)
    {
        http.Response.Headers.CacheControl = "private, no-store";
        if (http.User.ReaderId() is not { } readerId)
            return TypedResults.Unauthorized();
        var read = await TryReadAsync(entitlements, readerId, cancellationToken);
        if (read is null)
            return EntitlementProblems.Unavailable(http);
        if (read.Value.View is null)
            return TypedResults.Unauthorized();
        var issued = await tokens.IssueAsync(readerId, read.Value.View, cancellationToken);
        pass.Write(http, issued);
        return TypedResults.Ok(issued);
    }

    private static async Task<EntitlementRead?> TryReadAsync(SiteEntitlements entitlements, Guid readerId, CancellationToken cancellationToken)
    {
        try
        {
            return await entitlements.GetAsync(readerId, cancellationToken);
        }
        catch (EntitlementsUnavailableException)
        {
            return null;
        }
    }
}
