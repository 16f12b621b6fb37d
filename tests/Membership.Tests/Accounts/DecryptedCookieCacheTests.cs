using System.Security.Claims;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Time.Testing;

namespace Membership.Tests.Accounts;

/// <summary>The sign-in cookie is decrypted once, but each request still gets a ticket of its own and a forged cookie is never kept.</summary>
public sealed class DecryptedCookieCacheTests
{
    private readonly CountingFormat _format = new(new TicketDataFormat(new EphemeralDataProtectionProvider().CreateProtector("cookie-cache-tests")));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2027, 1, 6, 9, 0, 0, TimeSpan.Zero));
    private readonly DecryptedCookieCache _cache;

    public DecryptedCookieCacheTests() => _cache = new DecryptedCookieCache(_format, _time);

    [Fact]
    public void The_same_cookie_is_decrypted_once_and_each_request_gets_its_own_copy()
    {
        var cookie = _cache.Protect(Ticket("reader@example.test"));

        var first = _cache.Unprotect(cookie)!;
        first.Properties.IssuedUtc = _time.GetUtcNow().AddDays(-3);
        ((ClaimsIdentity)first.Principal.Identity!).AddClaim(new Claim("added-by-first-request", "yes"));
        var second = _cache.Unprotect(cookie)!;
        var third = _cache.Unprotect(cookie)!;

        Assert.Equal(1, _format.Decryptions);
        Assert.Equal("reader@example.test", second.Principal.Identity!.Name);
        Assert.Equal(_time.GetUtcNow().AddMinutes(-1), second.Properties.IssuedUtc);
        Assert.False(second.Principal.HasClaim(c => c.Type == "added-by-first-request"));
        Assert.NotSame(second.Principal, third.Principal);
        Assert.NotSame(second.Properties, third.Properties);
    }

    [Fact]
    public void A_cookie_changed_by_one_character_is_refused_every_time_and_not_kept()
    {
        var cookie = _cache.Protect(Ticket("reader@example.test"));
        var forged = cookie[..^2] + (cookie[^2] == 'A' ? 'B' : 'A') + cookie[^1];

        Assert.Null(_cache.Unprotect(forged));
        Assert.Null(_cache.Unprotect(forged));
        Assert.Equal(2, _format.Decryptions);
        Assert.Equal(0, _cache.Count);
    }

    [Fact]
    public void A_kept_cookie_is_decrypted_again_after_its_lifetime()
    {
        var cookie = _cache.Protect(Ticket("reader@example.test"));
        _cache.Unprotect(cookie);

        _time.Advance(DecryptedCookieCache.Lifetime - TimeSpan.FromSeconds(1));
        _cache.Unprotect(cookie);
        Assert.Equal(1, _format.Decryptions);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.NotNull(_cache.Unprotect(cookie));
        Assert.Equal(2, _format.Decryptions);
    }

    [Fact]
    public void Different_cookies_are_different_readers()
    {
        var alice = _cache.Protect(Ticket("alice@example.test"));
        var bob = _cache.Protect(Ticket("bob@example.test"));

        Assert.Equal("alice@example.test", _cache.Unprotect(alice)!.Principal.Identity!.Name);
        Assert.Equal("bob@example.test", _cache.Unprotect(bob)!.Principal.Identity!.Name);
        Assert.Equal("alice@example.test", _cache.Unprotect(alice)!.Principal.Identity!.Name);
    }

    private AuthenticationTicket Ticket(string email) => new(
        new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, email)], "Identity.Application")),
        new AuthenticationProperties { IssuedUtc = _time.GetUtcNow().AddMinutes(-1) },
        "Identity.Application");

    private sealed class CountingFormat(ISecureDataFormat<AuthenticationTicket> inner) : ISecureDataFormat<AuthenticationTicket>
    {
        public int Decryptions { get; private set; }

        public string Protect(AuthenticationTicket data) => inner.Protect(data);

        public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

        public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

        public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
        {
            Decryptions++;
            return inner.Unprotect(protectedText, purpose);
        }
    }
}
