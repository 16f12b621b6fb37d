using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Membership.Web.Accounts;

/// <summary>
/// Identity's sign-in cookie, decrypted once rather than on every request. A signed-in reader's browser
/// sends the same cookie on every page view (the site's <c>/api/v1/me/entitlements</c>), and decrypting and
/// deserialising it was a sixth of that request's work. Only what the real format accepted is kept, keyed by
/// the exact cookie text (so only the holder of that text gets it back), for at most <see cref="Lifetime"/>,
/// and every request gets its own copy: the cookie handler still checks expiry and the security stamp each
/// time and may change the properties it is given. Protecting (issuing) is never cached.
/// </summary>
public sealed class DecryptedCookieCache : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>How long a decrypted cookie is reused (a revoked data-protection key is noticed within this).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    /// <summary>Most cookies kept; when full, all are forgotten and the cache fills again.</summary>
    public const int Capacity = 10_000;

    private readonly ISecureDataFormat<AuthenticationTicket> _format;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Entry> _tickets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _ticketsByText;

    public DecryptedCookieCache(ISecureDataFormat<AuthenticationTicket> format, TimeProvider time)
    {
        _format = format;
        _time = time;
        _ticketsByText = _tickets.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _tickets.Count;

    public string Protect(AuthenticationTicket data) => _format.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => _format.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, purpose: null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (protectedText is null || purpose is not null)
            return _format.Unprotect(protectedText, purpose);
        var now = _time.GetUtcNow();
        if (_tickets.TryGetValue(protectedText, out var kept) && now < kept.Until)
            return Copy(kept.Ticket);

        var ticket = _format.Unprotect(protectedText);
        if (ticket is null)
            return null;
        if (_tickets.Count >= Capacity)
            _tickets.Clear();
        _tickets[protectedText] = new Entry(Copy(ticket), Copy(ticket), now + Lifetime);
        return ticket;
    }

    /// <summary>
    /// The ticket this exact cookie text was decrypted to, if it was within <see cref="Lifetime"/>, without a
    /// string or a copy (<see cref="KnownSessions"/>). The same instance for every request that sends this text:
    /// read it, never change it.
    /// </summary>
    public bool TryGetShared(ReadOnlySpan<char> protectedText, out AuthenticationTicket ticket)
    {
        if (_ticketsByText.TryGetValue(protectedText, out var kept) && _time.GetUtcNow() < kept.Until)
        {
            ticket = kept.Shared;
            return true;
        }
        ticket = null!;
        return false;
    }

    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        // ClaimsPrincipal.Clone shares its identities; each identity's Clone copies its claims.
        new(new ClaimsPrincipal(ticket.Principal.Identities.Select(identity => identity.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    /// <summary><paramref name="Ticket"/> is copied for the cookie handler; <paramref name="Shared"/> is handed out as it is.</summary>
    private sealed record Entry(AuthenticationTicket Ticket, AuthenticationTicket Shared, DateTimeOffset Until);
}
