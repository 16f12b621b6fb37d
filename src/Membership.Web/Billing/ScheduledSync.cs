using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>
/// Re-reads every live subscription from Stripe on a schedule, repairing whatever a lost webhook left
/// wrong. Any instance may run it; a PostgreSQL advisory lock lets only one do so at a time.
/// </summary>
public sealed class ScheduledSync(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, StripeClient stripe, IOptions<MembershipOptions> membership,
    IOptions<BillingOptions> billing, TimeProvider time, ILogger<ScheduledSync> logger) : BackgroundService
{
    private const long SyncLockKey = 0x73796e63;
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

    /// <summary>Returns how many readers were synced, or null when another instance holds the lock.</summary>
    public async Task<int?> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var syncLock = await AdvisoryLock.TryAcquireAsync(dataSource, SyncLockKey, cancellationToken);
        if (syncLock is null)
            return null;
        var readers = await ReadersToSyncAsync(cancellationToken);
        foreach (var readerId in readers)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SubscriptionSync>().SyncReaderAsync(readerId, Cause, cancellationToken);
        }
        logger.LogInformation("Scheduled sync checked {Count} reader(s)", readers.Count);
        return readers.Count;
    }

    /// <summary>
    /// Readers with a live subscription here, and readers of every live subscription in Stripe: the second
    /// finds subscriptions whose every webhook was lost, which the first cannot know about.
    /// </summary>
    private async Task<HashSet<Guid>> ReadersToSyncAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MembershipDbContext>();
        var readers = (await db.Subscriptions.Where(s => LiveSubscriptions.Statuses.Contains(s.Status))
            .Select(s => s.ReaderId).Distinct().ToListAsync(cancellationToken)).ToHashSet();

        var page = new List<Subscription>(100);
        await foreach (var subscription in stripe.V1.Subscriptions.ListAutoPagingAsync(new SubscriptionListOptions { Limit = 100 }, cancellationToken: cancellationToken))
        {
            page.Add(subscription);
            if (page.Count == 100)
                await AddReadersOfAsync(page, readers, scope.ServiceProvider, cancellationToken);
        }
        await AddReadersOfAsync(page, readers, scope.ServiceProvider, cancellationToken);
        return readers;
    }

    private static async Task AddReadersOfAsync(List<Subscription> page, HashSet<Guid> readers, IServiceProvider services, CancellationToken cancellationToken)
    {
        var customers = page.Select(s => s.CustomerId).Distinct().ToList();
        var db = services.GetRequiredService<MembershipDbContext>();
        var linked = await db.Users.Where(r => r.StripeCustomerId != null && customers.Contains(r.StripeCustomerId))
            .Select(r => new { r.Id, r.StripeCustomerId }).ToDictionaryAsync(r => r.StripeCustomerId!, r => r.Id, cancellationToken);
        foreach (var subscription in page)
        {
            if (linked.TryGetValue(subscription.CustomerId, out var readerId))
                readers.Add(readerId);
            // Not linked yet: the subscription names its reader, and this sync links it.
            else if (await services.GetRequiredService<SubscriptionSync>().SyncSubscriptionAsync(subscription.Id, subscription.CustomerId, Cause, cancellationToken) is { } named)
                readers.Add(named);
        }
        page.Clear();
    }
}
