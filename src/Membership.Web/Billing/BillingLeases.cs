using Membership.Web.Data;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Billing;

/// <summary>
/// Serialises one reader's billing work (checkout, customer creation, portal) across every instance
/// without holding a pooled connection while Stripe is asked: the lease is claimed in one statement
/// (a <c>billing_leases</c> row, taken over only once expired) and released in another. The holder's
/// work is cancelled before the lease expires, so an expired lease has no live holder left and two
/// attempts never overlap; a crashed holder's lease simply runs out.
/// </summary>
public sealed class BillingLeases(MembershipDbContext db, IOptions<StripeOptions> stripe, TimeProvider time)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(5);

    /// <summary>At least a minute, and room for two Stripe calls that use every retry and time out each attempt.</summary>
    public TimeSpan Duration => TimeSpan.FromTicks(Math.Max(TimeSpan.FromMinutes(1).Ticks, (2 * stripe.Value.CallBudget).Ticks));

    /// <summary>Waits while another attempt holds the reader's lease (at most one lease's duration), then takes it.</summary>
    public async Task<HeldBillingLease> AcquireAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var holder = Guid.NewGuid();
        var waitStarted = time.GetTimestamp();
        while (true)
        {
            // Counted from before the claim is sent, so the work stops before the database's expiry.
            var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            work.CancelAfter(Duration - Margin);
            var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO billing_leases (reader_id, holder, expires_at) VALUES ({readerId}, {holder}, now() + {Duration})
                ON CONFLICT (reader_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
                WHERE billing_leases.expires_at <= now()
                """, cancellationToken);
            if (claimed == 1)
                return new HeldBillingLease(db, readerId, holder, work);
            work.Dispose();
            // Only reachable when one reader's attempts keep taking the lease over: each waits on Stripe.
            if (time.GetElapsedTime(waitStarted) > Duration + Margin)
                throw new BillingLeaseTimeoutException($"Another billing request of reader {readerId} kept waiting on Stripe.");
            await Task.Delay(Poll, time, cancellationToken);
        }
    }
}

/// <summary>A lease held: <see cref="Token"/> bounds the work done under it; disposing releases it.</summary>
public sealed class HeldBillingLease(MembershipDbContext db, Guid readerId, Guid holder, CancellationTokenSource work) : IAsyncDisposable
{
    /// <summary>This attempt's id, unique: a base for idempotency keys of what it creates.</summary>
    public Guid Holder => holder;

    /// <summary>The caller's token, cancelled too when the lease is about to run out.</summary>
    public CancellationToken Token => work.Token;

    public async ValueTask DisposeAsync()
    {
        work.Dispose();
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"DELETE FROM billing_leases WHERE reader_id = {readerId} AND holder = {holder}", CancellationToken.None);
    }
}

/// <summary>A reader's lease stayed taken by their other requests, each waiting on Stripe: answered as Stripe being unavailable.</summary>
public sealed class BillingLeaseTimeoutException(string message) : StripeWaitTimeoutException(message);
