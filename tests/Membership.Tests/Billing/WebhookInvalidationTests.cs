using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Billing;

/// <summary>A webhook processed on one instance changes the answer of every other instance through NOTIFY, long before its cache would expire.</summary>
public sealed class WebhookInvalidationTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task A_cancellation_applied_by_one_instance_is_seen_by_another_long_before_its_cache_expires()
    {
        var (_, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        // Another instance on the same database, its worker off: only a notification can change what it has cached.
        await using var other = new SecondInstance(app.Database.ConnectionString);
        var otherSite = other.SiteClient();
        Assert.True(await otherSite.IsAdFreeAsync(readerId));

        await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        await app.SettleAsync();

        await Eventually.UntilAsync(async () => !await otherSite.IsAdFreeAsync(readerId),
            "the cancellation is seen on the other instance");
    }
}
