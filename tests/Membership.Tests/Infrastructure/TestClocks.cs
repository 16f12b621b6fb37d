using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Stripe.TestHelpers;

namespace Membership.Tests.Infrastructure;

/// <summary>A reader whose Stripe customer lives on a test clock, so renewals can be reached by advancing it.</summary>
public sealed record ClockedSubscription(HttpClient Reader, Guid ReaderId, string CustomerId, string SubscriptionId, string ClockId);

public static class TestClocks
{
    /// <summary>
    /// Subscribes a new reader on a test clock starting at <paramref name="start"/>, the way checkout would
    /// (a customer linked to the reader, a subscription naming the reader), and waits for the service.
    /// </summary>
    public static async Task<ClockedSubscription> ClockedSubscriptionAsync(this StripeBackedApp app, DateTimeOffset start, string planKey = "adfree-monthly")
    {
        var reader = await app.RegisterAndSignInAsync();
        var me = await reader.MeAsync();
        var clock = await app.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = start.UtcDateTime, Name = me.Email });
        var metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = me.Id.ToString() };
        var customer = await app.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = me.Email, TestClock = clock.Id, Metadata = metadata });
        await app.WithDbAsync(db => db.Users.Where(r => r.Id == me.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.StripeCustomerId, customer.Id)));
        var priceId = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == planKey).Select(p => p.StripePriceId).SingleAsync());
        var subscription = await app.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = priceId }],
            DefaultPaymentMethod = "pm_card_visa",
            Metadata = metadata,
        });
        await app.SettleAsync();
        return new ClockedSubscription(reader, me.Id, customer.Id, subscription.Id, clock.Id);
    }

    /// <summary>Moves the clock forward and waits until Stripe has finished and the service has caught up.</summary>
    public static async Task AdvanceAsync(this StripeBackedApp app, ClockedSubscription clocked, DateTimeOffset to)
    {
        await app.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clocked.ClockId, new TestClockAdvanceOptions { FrozenTime = to.UtcDateTime });
        await Eventually.UntilAsync(
            async () => (await app.Stripe.V1.TestHelpers.TestClocks.GetAsync(clocked.ClockId)).Status == "ready", "the test clock to be ready");
        await app.SettleAsync();
    }

    public static async Task UseFailingCardAsync(this StripeBackedApp app, ClockedSubscription clocked) =>
        await app.Stripe.V1.Subscriptions.UpdateAsync(clocked.SubscriptionId, new SubscriptionUpdateOptions { DefaultPaymentMethod = "pm_card_chargeCustomerFail" });

    public static async Task<DateTimeOffset> PeriodEndAsync(this StripeBackedApp app, ClockedSubscription clocked)
    {
        var subscription = await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId);
        return new DateTimeOffset(DateTime.SpecifyKind(subscription.Items.Data[0].CurrentPeriodEnd, DateTimeKind.Utc));
    }
}
