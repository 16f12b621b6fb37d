using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Entitlements;

/// <summary>
/// The <c>adfree_pass</c> cookie: a pass the snippet and the site's edge read before any ad loads.
/// Not HttpOnly on purpose (it is for scripts, and holds nothing personal); SameSite=Lax; on
/// <c>Membership__CookieDomain</c> when set, so the site's pages see it.
/// </summary>
public sealed class AdFreePass(
    PassTokens tokens, SiteEntitlements entitlements, TimeProvider time, IOptions<MembershipOptions> membership, ILogger<AdFreePass> logger)
{
    public const string CookieName = "adfree_pass";

    private readonly string? _domain = string.IsNullOrWhiteSpace(membership.Value.CookieDomain) ? null : membership.Value.CookieDomain.Trim();

    public void Write(HttpContext http, IssuedPass pass) =>
        http.Response.Cookies.Append(CookieName, pass.Token, Options(http, pass.ExpiresAt));

    public void Remove(HttpContext http) => http.Response.Cookies.Delete(CookieName, Options(http, null));

    /// <summary>
    /// Issues a pass when the reader's cookie has none, another reader's, one that says otherwise
    /// than the current entitlement, one that has expired, or one past half its life. Cheap otherwise: no signing.
    /// </summary>
    public async Task RefreshAsync(HttpContext http, Guid readerId, EntitlementView current, bool force, CancellationToken cancellationToken)
    {
        if (!force && !NeedsRefresh(http.Request, readerId, current.AdFree, time.GetUtcNow()))
            return;
        Write(http, await tokens.IssueAsync(readerId, current, cancellationToken));
    }

    /// <summary>The same, looking the entitlement up first; used where no endpoint has it at hand (sign-in, page requests).</summary>
    public async Task RefreshForAsync(HttpContext http, Guid readerId, bool force, CancellationToken cancellationToken)
    {
        try
        {
            var read = await entitlements.GetAsync(readerId, cancellationToken);
            if (read.View is null)
                Remove(http);
            else
                await RefreshAsync(http, readerId, read.View, force, cancellationToken);
        }
        catch (Exception e) when (e is EntitlementsUnavailableException or NpgsqlException or TimeoutException)
        {
            // The pass is an optimisation: without it the snippet asks the service instead.
            logger.LogWarning("Could not refresh the ad-free pass: {Error}", e.Message);
        }
    }

    public static bool NeedsRefresh(HttpRequest request, Guid readerId, bool adFree, DateTimeOffset now)
    {
        if (!TryReadPass(request, out var pass))
            return true;
        // A pass cut short at the end of the reader's access has a short life too; once that access is
        // renewed, the next request after half of it brings a full one.
        var seconds = now.ToUnixTimeSeconds();
        var halfLife = pass.IssuedAt + (pass.ExpiresAt - pass.IssuedAt) / 2;
        return pass.Subject != readerId || pass.AdFree != adFree || seconds >= pass.ExpiresAt || seconds >= halfLife;
    }

    /// <summary>Whether the request carries a pass cookie at all (whatever it holds).</summary>
    public static bool IsPresent(HttpRequest request) => CookieText.Find(request, CookieName, out _) switch
    {
        CookieSearch.Found => true,
        CookieSearch.Absent => false,
        _ => request.Cookies.ContainsKey(CookieName),
    };

    private static bool TryReadPass(HttpRequest request, out PassClaims pass)
    {
        var search = CookieText.Find(request, CookieName, out var token);
        if (search == CookieSearch.Found)
            return PassClaims.TryRead(token, out pass);
        if (search == CookieSearch.Unsure && request.Cookies.TryGetValue(CookieName, out var parsed))
            return PassClaims.TryRead(parsed, out pass);
        pass = default;
        return false;
    }

    private CookieOptions Options(HttpContext http, DateTimeOffset? expires) => new()
    {
        HttpOnly = false,
        SameSite = SameSiteMode.Lax,
        Secure = http.Request.IsHttps,
        Domain = _domain,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };
}
