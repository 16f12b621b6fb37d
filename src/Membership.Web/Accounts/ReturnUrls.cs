using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>
/// Where to send a reader after signing in or out: a path on this service, or a page on one of the
/// site's own origins (Membership__SiteOrigins). Anything else falls back, so a crafted link cannot
/// bounce a reader from our sign-in page to a look-alike.
/// </summary>
public sealed class ReturnUrls(IOptions<MembershipOptions> options)
{
    public const string Default = "/account";

    private readonly HashSet<string> _siteOrigins = options.Value.SiteOriginList()
        .Select(o => Uri.TryCreate(o, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) : o)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    public string Resolve(string? returnUrl, string fallback = Default) =>
        IsLocal(returnUrl) || IsSiteUrl(returnUrl) ? returnUrl! : fallback;

    /// <summary>Only what the caller should carry forward in a link, or null.</summary>
    public string? SafeOrNull(string? returnUrl) => IsLocal(returnUrl) || IsSiteUrl(returnUrl) ? returnUrl : null;

    /// <summary>
    /// "/path" but not "//host" or "/\host" (browsers read both as another host), and no control
    /// characters (browsers drop tabs and newlines, which can turn "/\t/host" into "//host").
    /// </summary>
    public static bool IsLocal(string? url) =>
        url is ['/', ..]
        && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'))
        && !url.Any(char.IsControl);

    private bool IsSiteUrl(string? url)
    {
        if (url is null || url.Any(char.IsControl) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return false;
        if ((uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.UserInfo.Length > 0)
            return false;
        return _siteOrigins.Contains(uri.GetLeftPart(UriPartial.Authority));
    }
}
