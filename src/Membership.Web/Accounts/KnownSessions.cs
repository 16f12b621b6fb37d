using Membership.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>
/// Who a browser's request is, when the sign-in cookie handler's answer is already certain, without asking it:
/// for <c>/me/entitlements</c>, which the site's pages call on every view. Certain means: no Authorization
/// header (which would go to the bearer scheme), and either no sign-in cookie at all (signed out), or the very
/// cookie text <see cref="DecryptedCookieCache"/> decrypted within its lifetime, not expired, not old enough for
/// its security stamp to be checked (<see cref="SecurityStampCheck"/>) and not old enough for a sliding renewal.
/// The handler would then only say "this reader" again, and this says it without the authentication service,
/// the policy scheme, two handlers, the cookie parser and a copy of the claims. Anything else goes to the handler.
/// </summary>
public sealed class KnownSessions
{
    private readonly string _cookieName;
    private readonly DecryptedCookieCache? _tickets;
    private readonly bool _slidingExpiration;
    private readonly TimeProvider _cookieTime;
    private readonly TimeSpan _stampInterval;
    private readonly TimeProvider _stampTime;

    public KnownSessions(IOptionsMonitor<CookieAuthenticationOptions> cookies, IOptions<SecurityStampValidatorOptions> stamps, TimeProvider time)
    {
        var cookie = cookies.Get(IdentityConstants.ApplicationScheme);
        _cookieName = cookie.Cookie.Name ?? throw new InvalidOperationException("Identity's application cookie has no name.");
        _tickets = cookie.CookieManager is ChunkingCookieManager ? cookie.TicketDataFormat as DecryptedCookieCache : null;
        _slidingExpiration = cookie.SlidingExpiration;
        _cookieTime = cookie.TimeProvider ?? time;
        _stampInterval = stamps.Value.ValidationInterval;
        _stampTime = stamps.Value.TimeProvider ?? TimeProvider.System;
    }

    /// <summary>True when the request's reader is known (<c>http.User</c> set, or left signed out); false: ask the handler.</summary>
    public bool TryAuthenticate(HttpContext http)
    {
        if (_tickets is null || http.Request.Headers.Authorization.Count != 0)
            return false;
        switch (CookieText.Find(http.Request, _cookieName, out var text))
        {
            case CookieSearch.Absent:
                return true;
            case CookieSearch.Found when _tickets.TryGetShared(text, out var ticket) && StillAnswersAsIs(ticket.Properties):
                http.User = ticket.Principal;
                return true;
            default:
                return false;
        }
    }

    private bool StillAnswersAsIs(AuthenticationProperties properties)
    {
        if (properties.IssuedUtc is not { } issued || properties.ExpiresUtc is not { } expires)
            return false;
        var now = _cookieTime.GetUtcNow();
        if (now >= expires)
            return false; // expired: the handler fails it
        if (_slidingExpiration && (properties.AllowRefresh ?? true) && now - issued > expires - now)
            return false; // past half its life: the handler renews it
        return _stampTime.GetUtcNow() - issued <= _stampInterval; // else its security stamp is due for a check
    }
}
