using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Membership.Web.Entitlements;

/// <summary>
/// Hooks the pass onto Identity's application cookie without touching Accounts: a pass on sign-in,
/// kept fresh on a signed-in reader's page requests, gone on sign-out. Each handler runs after
/// whatever was configured before it.
/// </summary>
public static class PassCookieEvents
{
    public static void Attach(CookieAuthenticationOptions options)
    {
        options.Events ??= new CookieAuthenticationEvents();
        var events = options.Events;

        var signedIn = events.OnSignedIn;
        events.OnSignedIn = async context =>
        {
            await signedIn(context);
            if (context.Principal?.ReaderId() is { } readerId)
                await PassOf(context.HttpContext).RefreshForAsync(context.HttpContext, readerId, force: true, context.HttpContext.RequestAborted);
        };

        var validate = events.OnValidatePrincipal;
        events.OnValidatePrincipal = async context =>
        {
            await validate(context);
            // API endpoints that need the pass refresh it themselves; pages get it here.
            if (context.Principal?.ReaderId() is { } readerId && IsPageRequest(context.Request))
                await PassOf(context.HttpContext).RefreshForAsync(context.HttpContext, readerId, force: false, context.HttpContext.RequestAborted);
        };

        var signingOut = events.OnSigningOut;
        events.OnSigningOut = async context =>
        {
            await signingOut(context);
            PassOf(context.HttpContext).Remove(context.HttpContext);
        };
    }

    private static AdFreePass PassOf(HttpContext http) => http.RequestServices.GetRequiredService<AdFreePass>();

    /// <summary>
    /// The service's own pages. Not the demo article: it stands in for a page of the news site, which the service never
    /// serves, so there the pass is only what the snippet and the sign-in left (the browser tests rely on that).
    /// </summary>
    private static bool IsPageRequest(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && !request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        && !request.Path.StartsWithSegments("/demo", StringComparison.OrdinalIgnoreCase);
}
