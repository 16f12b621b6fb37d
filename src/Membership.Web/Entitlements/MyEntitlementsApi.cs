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
        // Asked on every page view: answered as soon as routing matches it, its CORS (preflight included) and
        // the cookie's reader worked out by its own filter. It takes what it needs at mapping, not per request.
        var entitlements = app.ServiceProvider.GetRequiredService<SiteEntitlements>();
        var pass = app.ServiceProvider.GetRequiredService<AdFreePass>();
        var time = app.ServiceProvider.GetRequiredService<TimeProvider>();
        app.MapGet("/api/v1/me/entitlements", (HttpContext http, CancellationToken cancellationToken) => GetAsync(http, entitlements, pass, time, cancellationToken))
            .AsHotPath().AddSingletonFilter<MySessionFilter>().WithMetadata(MySessionFilter.AcceptsPreflight).WithTags("Entitlements")
            .WithSummary("The signed-in reader's entitlement; a signed-out visitor gets adFree false. Keeps the adfree_pass cookie fresh.");
        var me = app.MapGroup("/api/v1/me").RequireCors(SiteOriginsCorsPolicy).WithTags("Entitlements");
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
            if (AdFreePass.IsPresent(http.Request))
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
