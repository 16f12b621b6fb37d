using Membership.Tests.Infrastructure;

namespace Membership.Tests.Billing;

/// <summary>The emulator delivers every event twice and shuffles them while the scenario runs, as real Stripe may.</summary>
public sealed class LiveShuffledDeliveryTests(LiveShuffledDeliveryTests.App app) : IClassFixture<LiveShuffledDeliveryTests.App>
{
    public sealed class App : StripeBackedApp
    {
        protected override bool DuplicateAndShuffle => true;
    }

    public static TheoryData<string, string, bool, int, int> Outcomes => new()
    {
        // scenario, final status, ad-free, refunds, disputes
        { "paid signup", "active", true, 0, 0 },
        { "renewal", "active", true, 0, 0 },
        { "failed renewal", "past_due", true, 0, 0 },
        { "failed renewal then recovery", "active", true, 0, 0 },
        { "failed renewal then cancellation", "canceled", false, 0, 0 },
        { "cancel at period end then resume", "active", true, 0, 0 },
        { "refund", "active", true, 1, 0 },
        { "dispute", "active", true, 0, 1 },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Each_scenario_ends_right_under_duplicated_and_shuffled_delivery(string scenario, string status, bool adFree, int refunds, int disputes)
    {
        var readerId = await BillingScenarios.RunAsync(app, scenario);
        await app.SettleAsync();

        var entitlement = await app.EntitlementOfAsync(readerId);
        Assert.Equal(status, entitlement.Status);
        Assert.Equal(adFree, entitlement.AdFree);
        var subscription = (await app.SubscriptionsOfAsync(readerId)).Single();
        Assert.False(subscription.CancelAtPeriodEnd);
        Assert.Null(subscription.CancelAt);
        var history = await app.HistoryOfAsync(readerId);
        Assert.Equal(refunds, history.Count(h => h.Change == "refund"));
        Assert.Equal(disputes, history.Count(h => h.Change == "dispute"));
    }
}
