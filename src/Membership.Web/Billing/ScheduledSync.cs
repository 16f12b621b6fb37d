using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Billing;

/// <summary>
/// Re-reads every live subscription from Stripe on a schedule, repairing whatever a lost webhook left
/// wrong. Any instance may run it; a PostgreSQL advisory lock lets only one do so at a time.
/// </summary>
public sealed class ScheduledSync(
    IServiceScopeFactory scopes, NpgsqlDataSource dataSource, IOptions<MembershipOptions> membership,
    IOptions<BillingOptions> billing, TimeProvider time, ILogger<ScheduledSync> logger) : BackgroundService
{
    private const long SyncLockKey = 0x73796e63;

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
        List<Guid> readers;
        await using (var scope = scopes.CreateAsyncScope())
        {
            readers = await scope.ServiceProvider.GetRequiredService<MembershipDbContext>().Subscriptions
                .Where(s => LiveSubscriptions.Statuses.Contains(s.Status))
                .Select(s => s.ReaderId).Distinct().ToListAsync(cancellationToken);
        }
        foreach (var readerId in readers)
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SubscriptionSync>().SyncReaderAsync(readerId, "scheduled sync", cancellationToken);
        }
        logger.LogInformation("Scheduled sync checked {Count} reader(s)", readers.Count);
        return readers.Count;
    }
}
