using Membership.Web.StripeConnection;
using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>
/// The headers every response carries. Pages load nothing but their own stylesheet, so the policy is
/// strict; a page that asked for a <see cref="CspNonce"/> may also have inline styles carrying it, and
/// only the API reference under /docs (Scalar: inline bootstrap script and styles) gets more.
/// </summary>
public sealed class SecurityHeaders
{
    private readonly string _pagePolicy;
    private readonly string _docsPolicy;

    public SecurityHeaders(IOptions<MembershipOptions> membership, IOptions<StripeOptions> stripe)
    {
        // A form post may end in a redirect elsewhere (sign-in back to the news site, on to Stripe's hosted
        // pages), and browsers check form-action against every step of that redirect chain.
        var formTargets = string.Join(' ', ["'self'", .. membership.Value.SiteOriginList(), .. StripeHostedPageOrigins(stripe.Value.ApiBase)]);
        const string Common = "frame-ancestors 'none'; object-src 'none'; base-uri 'self'";
        _pagePolicy = $"default-src 'self'; img-src 'self' data:; {Common}; form-action {formTargets}";
        _docsPolicy = $"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; {Common}; form-action 'self'";
    }

    private static readonly object OwnPolicyKey = new();

    /// <summary>A page standing in for another site's page (the demo article) brings that site's policy instead.</summary>
    public static void UseOwnPolicy(HttpContext context, string policy) => context.Items[OwnPolicyKey] = policy;

    public void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = context.Items[OwnPolicyKey] as string ?? (context.Request.Path.StartsWithSegments("/docs", StringComparison.OrdinalIgnoreCase) ? _docsPolicy
            : CspNonce.Existing(context) is { } nonce ? $"{_pagePolicy}; style-src 'self' 'nonce-{nonce}'"
            : _pagePolicy);
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
    }

    /// <summary>Real Stripe serves Checkout and the billing portal on their own hosts; the emulator on its API origin.</summary>
    internal static IEnumerable<string> StripeHostedPageOrigins(Uri apiBase) =>
        apiBase.Host.Equals("api.stripe.com", StringComparison.OrdinalIgnoreCase)
            ? ["https://checkout.stripe.com", "https://billing.stripe.com"]
            : [apiBase.GetLeftPart(UriPartial.Authority)];
}
