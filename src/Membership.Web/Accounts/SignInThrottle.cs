using System.Net;
using System.Security.Cryptography;
using System.Text;
using Membership.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Accounts;

/// <summary>
/// Slows down password guessing without letting anyone lock an account against its owner: failures count
/// per (address typed, client network), and after <see cref="FreeFailures"/> that network, and only it, must
/// wait before its next try for that address, 30 s doubling per failure up to 15 minutes. The owner signing
/// in from elsewhere is never held up, and an address with no account is throttled exactly alike, so the
/// answers never tell the two apart. A success clears the count; a password reset clears it from every
/// network (it proves the mailbox), and a sign-in that proves the mailbox (a code by email) never asks here.
/// The per-IP rate limits (AccountRateLimits) still cap how fast one network tries addresses.
/// </summary>
public sealed class SignInThrottle(MembershipDbContext db, ILookupNormalizer normalizer, TimeProvider time)
{
    public const int FreeFailures = 5;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromMinutes(15);

    /// <summary>A day without failures and they are forgotten.</summary>
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromDays(1);

    /// <summary>How long a source must wait after its <paramref name="failures"/>th failure (zero while it has tries left).</summary>
    public static TimeSpan DelayAfter(int failures) =>
        failures < FreeFailures ? TimeSpan.Zero
        : failures - FreeFailures >= 5 ? LongestDelay
        : TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, FirstDelay.Ticks << (failures - FreeFailures)));

    /// <returns>How long this source must still wait before trying this address, or null when it may try now.</returns>
    public async Task<TimeSpan?> WaitAsync(string address, IPAddress? client, CancellationToken cancellationToken)
    {
        var (account, source) = (AccountKey(address), SourceOf(client));
        var row = await db.SignInFailures.AsNoTracking().FirstOrDefaultAsync(f => f.AccountKey == account && f.Source == source, cancellationToken);
        if (row is null)
            return null;
        var wait = row.LastFailedAt + DelayAfter(row.Failures) - time.GetUtcNow();
        return wait > TimeSpan.Zero && time.GetUtcNow() - row.LastFailedAt < ForgetAfter ? wait : null;
    }

    public async Task FailedAsync(string address, IPAddress? client, CancellationToken cancellationToken)
    {
        var (account, source) = (AccountKey(address), SourceOf(client));
        var now = time.GetUtcNow();
        var forgetBefore = now - ForgetAfter;
        // One statement, so concurrent failures on several instances all count.
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO sign_in_failures (account_key, source, failures, last_failed_at) VALUES ({account}, {source}, 1, {now})
            ON CONFLICT (account_key, source) DO UPDATE SET
                failures = CASE WHEN sign_in_failures.last_failed_at < {forgetBefore} THEN 1 ELSE sign_in_failures.failures + 1 END,
                last_failed_at = {now}
            """, cancellationToken);
        await db.SignInFailures.Where(f => f.LastFailedAt < forgetBefore).ExecuteDeleteAsync(cancellationToken);
    }

    public Task SucceededAsync(string address, IPAddress? client, CancellationToken cancellationToken)
    {
        var (account, source) = (AccountKey(address), SourceOf(client));
        return db.SignInFailures.Where(f => f.AccountKey == account && f.Source == source).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>The mailbox's owner has shown themselves (a password reset): no network waits for this address any more.</summary>
    public Task ClearAsync(string address, CancellationToken cancellationToken)
    {
        var account = AccountKey(address);
        return db.SignInFailures.Where(f => f.AccountKey == account).ExecuteDeleteAsync(cancellationToken);
    }

    private string AccountKey(string address) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalizer.NormalizeName(address.Trim()) ?? "")));

    /// <summary>An IPv6 client owns at least a /64 and can hop within it, so the /64 is the source.</summary>
    private static string SourceOf(IPAddress? client)
    {
        if (client is null)
            return "unknown";
        if (client.IsIPv4MappedToIPv6)
            return client.MapToIPv4().ToString();
        if (client.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
            return client.ToString();
        var bytes = client.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
