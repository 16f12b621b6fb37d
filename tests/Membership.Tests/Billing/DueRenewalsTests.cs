using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Billing;

/// <summary>A renewal whose webhooks are late or lost costs the reader a minute of ads at most, not an hour.</summary>
public sealed class DueRenewalsTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>, IDisposable
{
    public void Dispose() => app.Emulator.DropDeliveries = false;

    [Fact]
    public async Task A_renewal_whose_webhooks_were_lost_is_found_by_the_renewal_check()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await LastReadBeforeThePeriodEndedAsync(clocked, periodEnd);
        app.Emulator.DropDeliveries = true;
        await app.AdvanceAsync(clocked, periodEnd.AddHours(2));
        Assert.False((await clocked.Reader.MeAsync()).Entitlement.AdFree);

        var report = await RunAsync();

        Assert.Equal(0, report.Failed);
        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.True(entitlement.AdFree);
        Assert.InRange(entitlement.ValidUntil!.Value, periodEnd.AddDays(27), periodEnd.AddDays(32));
        Assert.Contains(await app.HistoryOfAsync(clocked.ReaderId), h => h.Change == "period_end" && h.Cause == DueRenewals.Cause);
    }

    [Fact]
    public async Task A_subscription_Stripe_has_not_renewed_yet_is_read_once_not_every_minute()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await LastReadBeforeThePeriodEndedAsync(clocked, periodEnd);

        await RunAsync();
        var readAt = (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single().UpdatedAt;
        await RunAsync();

        Assert.True(readAt > periodEnd, "The subscription was not read after its period ended.");
        Assert.Equal(readAt, (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single().UpdatedAt);
        Assert.False((await clocked.Reader.MeAsync()).Entitlement.AdFree);
    }

    /// <summary>
    /// The test clock starts the subscription a month back, so the service first read it after its period had
    /// ended; a real one was last read while its month still ran.
    /// </summary>
    private Task<int> LastReadBeforeThePeriodEndedAsync(ClockedSubscription clocked, DateTimeOffset periodEnd) =>
        app.WithDbAsync(db => db.Subscriptions.Where(s => s.StripeSubscriptionId == clocked.SubscriptionId)
            .ExecuteUpdateAsync(set => set.SetProperty(s => s.UpdatedAt, periodEnd.AddDays(-1))));

    private async Task<SyncRunReport> RunAsync()
    {
        var report = await app.Services.GetRequiredService<DueRenewals>().RunOnceAsync(CancellationToken.None);
        Assert.NotNull(report);
        return report;
    }
}
