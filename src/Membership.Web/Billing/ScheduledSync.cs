using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>
/// Re-reads every live subscription from Stripe on a schedule, repairing whatever a lost webhook left
/// wrong. Any instance may run it; a PostgreSQL advisory lock lets only one do so at a time. One reader's
/// failure (a Stripe 429 or timeout, a bad row) is logged and counted, and the run goes on. A live
/// subscription Stripe no longer knows is counted and logged, and recorded in its reader's history.
/// </summary>
public sealed class ScheduledSync(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, StripeClient stripe, IOptions<MembershipOptions> membership,
    IOptions<BillingOptions> billing, TimeProvider time, ILogger<ScheduledSync> logger) : BackgroundService
{
    private const string Cause = "scheduled sync";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!billing.Value.ScheduledSync)
            return;
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(membership.Value.SyncIntervalMinutes), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Scheduled sync failed: {Error}", e.Message);
            }
        }
    }

    /// <summary>Null when another instance holds the lock.</summary>
    public async Task<SyncRunReport?> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var syncLock = await AdvisoryLock.TryAcquireAsync(dataSource, AdvisoryLockKeys.ScheduledSync, cancellationToken);
        if (syncLock is null)
            return null;
        var failures = new Failures();
        var readers = await ReadersToSyncAsync(failures, cancellationToken);
        var synced = 0;
        var missing = new List<MissingSubscription>();
        foreach (var readerId in readers)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<SubscriptionSync>().SyncReaderAsync(readerId, Cause, cancellationToken);
                missing.AddRange(outcome.MissingInStripe.Select(id => new MissingSubscription(readerId, id)));
                synced++;
            }
            catch (Exception e) when (IsFailure(e, cancellationToken))
            {
                failures.Count++;
                logger.LogWarning("Scheduled sync of reader {ReaderId} failed: {Error}", readerId, e.Message);
            }
        }
        logger.LogInformation("Scheduled sync checked {Count} reader(s); {Failed} failed", synced, failures.Count);
        if (missing.Count > 0)
        {
            logger.LogWarning("Scheduled sync: {Count} live subscription(s) of {Readers} reader(s) are unknown to Stripe and were kept as they are: {Subscriptions}",
                missing.Count, missing.Select(m => m.ReaderId).Distinct().Count(), string.Join(", ", missing.Select(m => $"{m.SubscriptionId} (reader {m.ReaderId})")));
        }
        return new SyncRunReport(synced, failures.Count, missing);
    }

    /// <summary>
    /// Readers with a live subscription here, and readers of every live subscription in Stripe: the second
    /// finds subscriptions whose every webhook was lost, which the first cannot know about.
    /// </summary>
    private async Task<HashSet<Guid>> ReadersToSyncAsync(Failures failures, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MembershipDbContext>();
        var readers = (await db.Subscriptions.Where(s => LiveSubscriptions.Statuses.Contains(s.Status))
            .Select(s => s.ReaderId).Distinct().ToListAsync(cancellationToken)).ToHashSet();

        var page = new List<Subscription>(100);
        try
        {
            await foreach (var subscription in stripe.V1.Subscriptions.ListAutoPagingAsync(new SubscriptionListOptions { Limit = 100 }, cancellationToken: cancellationToken))
            {
                page.Add(subscription);
                if (page.Count == 100)
                    await AddReadersOfAsync(page, readers, db, failures, cancellationToken);
            }
            await AddReadersOfAsync(page, readers, db, failures, cancellationToken);
        }
        catch (Exception e) when (IsFailure(e, cancellationToken))
        {
            // The readers known here are still worth syncing.
            failures.Count++;
            logger.LogWarning("Scheduled sync could not list Stripe's subscriptions: {Error}", e.Message);
        }
        return readers;
    }

    private async Task AddReadersOfAsync(List<Subscription> page, HashSet<Guid> readers, MembershipDbContext db, Failures failures, CancellationToken cancellationToken)
    {
        var customers = page.Select(s => s.CustomerId).Distinct().ToList();
        var linked = await db.Users.Where(r => r.StripeCustomerId != null && customers.Contains(r.StripeCustomerId))
            .Select(r => new { r.Id, r.StripeCustomerId }).ToDictionaryAsync(r => r.StripeCustomerId!, r => r.Id, cancellationToken);
        foreach (var subscription in page)
        {
            if (linked.TryGetValue(subscription.CustomerId, out var readerId))
            {
                readers.Add(readerId);
                continue;
            }
            // Not linked yet: the subscription names its reader, and this sync links it.
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sync = scope.ServiceProvider.GetRequiredService<SubscriptionSync>();
                if (await sync.SyncSubscriptionAsync(subscription.Id, subscription.CustomerId, Cause, cancellationToken) is { } named)
                    readers.Add(named);
            }
            catch (Exception e) when (IsFailure(e, cancellationToken))
            {
                failures.Count++;
                logger.LogWarning("Scheduled sync of subscription {SubscriptionId} failed: {Error}", subscription.Id, e.Message);
            }
        }
        page.Clear();
    }

    /// <summary>Anything but this run being stopped; an HTTP timeout is a cancellation nobody asked for.</summary>
    private static bool IsFailure(Exception e, CancellationToken cancellationToken) =>
        e is not OperationCanceledException || !cancellationToken.IsCancellationRequested;

    private sealed class Failures
    {
        public int Count { get; set; }
    }
}
