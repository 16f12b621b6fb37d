using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Billing;

/// <summary>
/// Closes the gap at a renewal: an active or trialing subscription whose stored period has ended is not
/// entitled until its renewal is read. Every minute this re-reads, through <see cref="SubscriptionSync"/>,
/// those not read since their period ended, so a late or lost renewal webhook costs the reader a minute at
/// most, and one Stripe has not renewed yet is read once, not every minute. One instance at a time (advisory lock).
/// </summary>
public sealed class DueRenewals(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<BillingOptions> billing, TimeProvider time, ILogger<DueRenewals> logger)
    : BackgroundService
{
    public const string Cause = "renewal check";
    private const int MaxPerRound = 100;
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!billing.Value.ScheduledSync)
            return;
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("The renewal check failed: {Error}", e.Message);
            }
        }
    }

    /// <summary>Null when another instance holds the lock.</summary>
    public async Task<SyncRunReport?> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var renewalLock = await AdvisoryLock.TryAcquireAsync(dataSource, AdvisoryLockKeys.DueRenewals, cancellationToken);
        if (renewalLock is null)
            return null;
        var now = time.GetUtcNow();
        List<MemberSubscription> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            due = await scope.ServiceProvider.GetRequiredService<MembershipDbContext>().Subscriptions.AsNoTracking()
                .Where(s => StripeSubscriptionStatuses.Renewing.Contains(s.Status) && s.CurrentPeriodEnd <= now && s.UpdatedAt < s.CurrentPeriodEnd)
                .OrderBy(s => s.CurrentPeriodEnd).Take(MaxPerRound).ToListAsync(cancellationToken);
        }

        var synced = 0;
        foreach (var subscription in due)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SubscriptionSync>()
                    .SyncSubscriptionAsync(subscription.StripeSubscriptionId, subscription.StripeCustomerId, Cause, cancellationToken);
                synced++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("The renewal check of subscription {SubscriptionId} failed: {Error}", subscription.StripeSubscriptionId, e.Message);
            }
        }
        if (due.Count > 0)
            logger.LogInformation("The renewal check read {Synced} subscription(s) past their period end; {Failed} failed", synced, due.Count - synced);
        return new SyncRunReport(synced, due.Count - synced, []);
    }
}
