using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>A reader pays for one subscription at most: two tabs, a late webhook or a second try cannot bill twice.</summary>
public sealed class DoubleBillingTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>, IDisposable
{
    public void Dispose() => app.Emulator.DropDeliveries = false;

    [Fact]
    public async Task Of_two_checkouts_started_in_two_tabs_only_one_can_be_paid()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        var monthlyTab = await reader.StartCheckoutAsync("adfree-monthly");
        var yearlyTab = await reader.StartCheckoutAsync("adfree-yearly");

        var paid = await EmulatorCheckout.PayAsync(yearlyTab.Url, EmulatorCheckout.GoodCard);
        var refused = await EmulatorCheckout.PayAsync(monthlyTab.Url, EmulatorCheckout.GoodCard);

        Assert.True(paid.Paid);
        Assert.False(refused.Paid);
        Assert.Equal(HttpStatusCode.Conflict, refused.Status);
        Assert.Contains("expired", refused.Page, StringComparison.Ordinal);
        Assert.Equal("expired", (await app.Stripe.V1.Checkout.Sessions.GetAsync(monthlyTab.SessionId)).Status);
        await app.SettleAsync();
        Assert.Single(await StripeSubscriptionsOfAsync(readerId));
        Assert.Equal("adfree-yearly", (await reader.MeAsync()).Entitlement.PlanKey);
    }

    [Fact]
    public async Task A_reader_whose_payment_Stripe_took_but_whose_webhooks_are_late_cannot_check_out_again()
    {
        app.Emulator.DropDeliveries = true;
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        Assert.True((await EmulatorCheckout.PayAsync((await reader.StartCheckoutAsync()).Url, EmulatorCheckout.GoodCard)).Paid);
        Assert.Empty(await app.SubscriptionsOfAsync(readerId));

        var again = await reader.PostAsJsonAsync("/api/v1/me/checkout", new { planKey = "adfree-yearly" });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Single(await StripeSubscriptionsOfAsync(readerId));
        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId;
        var open = await app.Stripe.V1.Checkout.Sessions.ListAsync(new() { Customer = customerId, Status = "open" });
        Assert.Empty(open.Data);
    }

    private async Task<List<Subscription>> StripeSubscriptionsOfAsync(Guid readerId)
    {
        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId;
        return (await app.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customerId, Status = "all" })).Data;
    }
}
