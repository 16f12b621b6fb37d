using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Billing;

/// <summary>The scheduled sync repairs every reader it can: one reader's failure does not stop the rest.</summary>
public sealed class ScheduledSyncTests(FlakyStripeApp app) : IClassFixture<FlakyStripeApp>, IDisposable
{
    public void Dispose()
    {
        app.ClearFaults();
        app.Emulator.DropDeliveries = false;
    }

    [Fact]
    public async Task A_reader_Stripe_refuses_to_report_on_is_skipped_and_counted_and_the_others_are_repaired()
    {
        var refused = await app.SubscribedReaderAsync();
        var others = new[] { await app.SubscribedReaderAsync(), await app.SubscribedReaderAsync() };
        app.Emulator.DropDeliveries = true;
        foreach (var (_, _, subscriptionId) in others.Append(refused))
            await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        app.RateLimit(refused.SubscriptionId);

        var report = await app.Services.GetRequiredService<ScheduledSync>().RunOnceAsync(CancellationToken.None);

        Assert.NotNull(report);
        Assert.Equal(1, report.Failed);
        foreach (var (reader, readerId, _) in others)
        {
            Assert.False((await reader.MeAsync()).Entitlement.AdFree);
            Assert.Contains(await app.HistoryOfAsync(readerId), h => h.Change == "status" && h.To == "canceled" && h.Cause == "scheduled sync");
        }
        Assert.True((await refused.Reader.MeAsync()).Entitlement.AdFree);
    }
}
