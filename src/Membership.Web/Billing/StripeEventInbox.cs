using System.Threading.Channels;
using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Billing;

/// <summary>
/// The <c>stripe_events</c> table: verified events are stored here before Stripe gets its 2xx, and
/// workers on every instance claim them with <c>FOR UPDATE SKIP LOCKED</c>.
/// </summary>
public sealed class StripeEventInbox(
    MembershipDbContext db, TimeProvider time, StripeEventSignal signal, MembershipMetrics metrics, IOptions<BillingOptions> options)
{
    /// <summary>How long a claimed event is reserved for its worker (<see cref="BillingOptions.EventLease"/>); renewed while it works.</summary>
    public TimeSpan Lease => options.Value.EventLease;

    /// <summary>
    /// Backoff doubles from 2 s up to an hour, so 30 attempts keep trying for about a day: a Stripe or
    /// database outage of hours does not leave events failed for an admin to replay by hand.
    /// </summary>
    public const int MaxAttempts = 30;

    public async Task StoreAsync(StripeEventEnvelope stripeEvent, string payload, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = stripeEvent.Created;
        // Text, not jsonb: jsonb refuses \u0000 and lone surrogate escapes, which a signed event may hold,
        // and a refused insert would make Stripe retry for days. A duplicate delivery changes nothing.
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO stripe_events (id, type, stripe_created_at, api_version, payload, received_at, status, attempts, next_attempt_at)
            VALUES ({stripeEvent.Id}, {stripeEvent.Type}, {created}, {stripeEvent.ApiVersion}, {payload}, {now}, 0, 0, {now})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        if (inserted == 1)
            metrics.WebhookEventsReceived.Add(1);
        signal.Notify();
    }

    /// <summary>Takes up to <paramref name="count"/> due events and leases them to the caller.</summary>
    public async Task<List<StripeEventRecord>> ClaimAsync(int count, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var leaseEnd = now + Lease;
        return await db.StripeEvents.FromSqlInterpolated($"""
            UPDATE stripe_events SET attempts = attempts + 1, next_attempt_at = {leaseEnd}
            WHERE id IN (
                SELECT id FROM stripe_events
                WHERE status = 0 AND next_attempt_at <= {now}
                ORDER BY next_attempt_at, stripe_created_at
                LIMIT {count}
                FOR UPDATE SKIP LOCKED)
            RETURNING *
            """).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>The worker's heartbeat: extends the lease of the events it still holds.</summary>
    public Task<int> RenewAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var leaseEnd = time.GetUtcNow() + Lease;
        var held = ids.ToArray();
        return db.StripeEvents.Where(e => held.Contains(e.Id) && e.Status == StripeEventStatus.Pending)
            .ExecuteUpdateAsync(set => set.SetProperty(e => e.NextAttemptAt, leaseEnd), cancellationToken);
    }

    /// <summary>
    /// Hands back events the worker claimed but did not start (a clean stop): due at once for any
    /// instance, and the claim does not count as an attempt.
    /// </summary>
    public Task<int> ReleaseAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var held = ids.ToArray();
        return db.StripeEvents.Where(e => held.Contains(e.Id) && e.Status == StripeEventStatus.Pending)
            .ExecuteUpdateAsync(set => set
                .SetProperty(e => e.NextAttemptAt, now)
                .SetProperty(e => e.Attempts, e => e.Attempts > 0 ? e.Attempts - 1 : 0), cancellationToken);
    }

    public Task CompleteAsync(string id, StripeEventStatus status, Guid? readerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return db.StripeEvents.Where(e => e.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, status)
            .SetProperty(e => e.ProcessedAt, now)
            .SetProperty(e => e.LastError, (string?)null)
            .SetProperty(e => e.ReaderId, e => readerId ?? e.ReaderId), cancellationToken);
    }

    /// <summary>Records events of types the service does not use as ignored, in one statement (still only those this worker holds).</summary>
    public Task<int> CompleteIgnoredAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var held = ids.ToArray();
        return db.StripeEvents.Where(e => held.Contains(e.Id) && e.Status == StripeEventStatus.Pending).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, StripeEventStatus.Ignored)
            .SetProperty(e => e.ProcessedAt, now)
            .SetProperty(e => e.LastError, (string?)null), cancellationToken);
    }

    /// <summary>Schedules another attempt with exponential backoff, or gives up visibly after <see cref="MaxAttempts"/>.</summary>
    public Task FailAsync(StripeEventRecord record, string error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var backoff = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, record.Attempts)));
        var status = record.Attempts >= MaxAttempts ? StripeEventStatus.Failed : StripeEventStatus.Pending;
        var message = error.Length > 2000 ? error[..2000] : error;
        return db.StripeEvents.Where(e => e.Id == record.Id).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, status)
            .SetProperty(e => e.NextAttemptAt, now + backoff)
            .SetProperty(e => e.LastError, message), cancellationToken);
    }

    /// <summary>Puts an event back in the queue (admin replay).</summary>
    public async Task<bool> ReplayAsync(string id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var changed = await db.StripeEvents.Where(e => e.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(e => e.Status, StripeEventStatus.Pending)
            .SetProperty(e => e.Attempts, 0)
            .SetProperty(e => e.NextAttemptAt, now), cancellationToken);
        signal.Notify();
        return changed == 1;
    }
}

/// <summary>Wakes this instance's worker as soon as an event is stored, instead of at its next poll.</summary>
public sealed class StripeEventSignal(TimeProvider time)
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Notify() => _channel.Writer.TryWrite(true);

    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The timeout runs on the injected clock, so a FakeTimeProvider governs the worker's polls too.
        using var timer = new CancellationTokenSource(timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            await _channel.Reader.ReadAsync(either.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: poll anyway, for events another instance stored or whose backoff ended.
        }
    }
}
