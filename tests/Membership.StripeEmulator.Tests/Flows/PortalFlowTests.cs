using System.Net;

namespace Membership.StripeEmulator.Tests.Flows;

/// <summary>A reader in the hosted billing portal: cancel at period end, resume, change the card.</summary>
public sealed class PortalFlowTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Cancelling_in_the_portal_schedules_cancel_at_as_flexible_billing_does_and_resuming_clears_it()
    {
        var (subscription, portalUrl) = await SubscribedWithPortalAsync();
        var page = await _emulator.Http.GetStringAsync(portalUrl);
        Assert.Contains("Cancel plan", page, StringComparison.Ordinal);

        var cancel = await _emulator.PortalAsync(portalUrl, new() { ["action"] = "cancel", ["subscription"] = subscription.Id });
        var afterCancel = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        var cancelledPage = await _emulator.Http.GetStringAsync(new Uri(_emulator.Server.BaseUrl, cancel.Headers.Location!));
        var resume = await _emulator.PortalAsync(portalUrl, new() { ["action"] = "resume", ["subscription"] = subscription.Id });
        var afterResume = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id);

        Assert.Equal(HttpStatusCode.SeeOther, cancel.StatusCode);
        Assert.Equal("flexible", afterCancel.BillingMode.Type);
        Assert.False(afterCancel.CancelAtPeriodEnd);
        Assert.Equal(afterCancel.Items.Data[0].CurrentPeriodEnd, afterCancel.CancelAt);
        Assert.Contains("will be canceled", cancelledPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, resume.StatusCode);
        Assert.Null(afterResume.CancelAt);
        Assert.Equal("active", afterResume.Status);

        var updates = (await _emulator.DeliveredAsync()).Where(e => e.Type == "customer.subscription.updated").ToList();
        Assert.Equal(2, updates.Count);
        Assert.All(updates, e => Assert.Null(e.Request.Id));
        Assert.All(updates, e => Assert.NotNull(e.Request.IdempotencyKey));
    }

    [Fact]
    public async Task A_failing_card_from_the_portal_makes_the_next_renewal_fail()
    {
        var clock = await _emulator.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc) });
        var (subscription, portalUrl) = await SubscribedWithPortalAsync(clock.Id);

        var change = await _emulator.PortalAsync(portalUrl, new() { ["action"] = "update_card", ["card_number"] = "4000000000000341" });
        await _emulator.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new Stripe.TestHelpers.TestClockAdvanceOptions
        {
            FrozenTime = subscription.Items.Data[0].CurrentPeriodEnd.AddHours(2),
        });

        Assert.Equal(HttpStatusCode.SeeOther, change.StatusCode);
        var customer = await _emulator.Stripe.V1.Customers.GetAsync(subscription.CustomerId);
        var card = await _emulator.Stripe.V1.PaymentMethods.GetAsync(customer.InvoiceSettings.DefaultPaymentMethodId);
        Assert.Equal("0341", card.Card.Last4);
        Assert.Equal("past_due", (await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        var types = (await _emulator.DeliveredAsync()).Select(e => e.Type).ToList();
        Assert.Equal(["setup_intent.created", "payment_method.attached", "setup_intent.succeeded", "customer.updated", "customer.subscription.updated"],
            types.SkipWhile(t => t != "setup_intent.created").Take(5));
    }

    [Fact]
    public async Task A_declined_card_is_refused_in_the_portal_and_the_old_one_stays()
    {
        var (subscription, portalUrl) = await SubscribedWithPortalAsync();

        var change = await _emulator.PortalAsync(portalUrl, new() { ["action"] = "update_card", ["card_number"] = "4000000000000002" });

        Assert.Equal(HttpStatusCode.PaymentRequired, change.StatusCode);
        Assert.Contains("Your card was declined.", await change.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var read = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal(subscription.DefaultPaymentMethodId, read.DefaultPaymentMethodId);
    }

    private async Task<(Subscription Subscription, string PortalUrl)> SubscribedWithPortalAsync(string? clock = null)
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync(testClock: clock);
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);
        var portal = await _emulator.Stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customer.Id,
            ReturnUrl = "http://127.0.0.1:5080/account",
        });
        return (subscription, portal.Url);
    }
}
