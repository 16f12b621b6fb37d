using System.Net;

namespace Membership.StripeEmulator.Tests.Flows;

/// <summary>Subscriptions made and changed through the API, and the events each change sends.</summary>
public sealed class SubscriptionFlowTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Created_set_to_cancel_at_period_end_resumed_and_cancelled()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = false });
        await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { Metadata = new() { ["note"] = "unchanged plan" } });
        await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { Metadata = new() { ["note"] = "unchanged plan" } });
        var cancelled = await _emulator.Stripe.V1.Subscriptions.CancelAsync(subscription.Id);

        string[] expected = ["customer.subscription.created", "customer.subscription.updated", "customer.subscription.updated", "customer.subscription.updated", "customer.subscription.deleted"];
        Assert.Equal(expected, _emulator.Server.EventTypesFor(subscription.Id));
        var delivered = (await _emulator.DeliveredAsync()).Where(e => e.Data.Object is Subscription s && s.Id == subscription.Id).ToList();
        Assert.Equal(expected, delivered.Select(e => e.Type));
        Assert.Empty(_emulator.Webhooks.Rejections);

        var setToCancel = delivered[1];
        Assert.True(((Subscription)setToCancel.Data.Object).CancelAtPeriodEnd);
        Assert.Equal(false, setToCancel.Data.PreviousAttributes.cancel_at_period_end.Value);
        Assert.Null(setToCancel.Data.PreviousAttributes.cancel_at.Value);
        Assert.Null(setToCancel.Data.PreviousAttributes.cancellation_details.reason.Value);
        Assert.NotNull(setToCancel.Request.Id);
        var resumed = (Subscription)delivered[2].Data.Object;
        Assert.False(resumed.CancelAtPeriodEnd);
        Assert.Null(resumed.CancelAt);
        Assert.Equal("canceled", cancelled.Status);
        Assert.Equal("cancellation_requested", cancelled.CancellationDetails.Reason);
        Assert.Equal("canceled", ((Subscription)delivered[4].Data.Object).Status);
    }

    [Fact]
    public async Task A_card_that_fails_leaves_the_new_subscription_incomplete_with_an_open_invoice()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();

        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id, "pm_card_chargeCustomerFail");

        Assert.Equal("incomplete", subscription.Status);
        var invoice = await _emulator.Stripe.V1.Invoices.GetAsync(subscription.LatestInvoiceId);
        Assert.Equal("open", invoice.Status);
        Assert.Equal(1, invoice.AttemptCount);
        Assert.Null(invoice.NextPaymentAttempt);
        Assert.Equal(["customer.subscription.created"], _emulator.Server.EventTypesFor(subscription.Id));
        Assert.Equal(["invoice.created", "invoice.finalized", "invoice.payment_failed", "invoice.updated"], _emulator.Server.EventTypesFor(invoice.Id));

        var declined = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Invoices.PayAsync(invoice.Id));
        Assert.Equal(HttpStatusCode.PaymentRequired, declined.HttpStatusCode);
        Assert.Equal("card_declined", declined.StripeError.Code);

        var paid = await _emulator.Stripe.V1.Invoices.PayAsync(invoice.Id, new InvoicePayOptions { PaymentMethod = "pm_card_visa" });
        Assert.Equal("paid", paid.Status);
        Assert.Equal("active", (await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
    }

    [Fact]
    public async Task Error_if_incomplete_refuses_a_failing_card_with_402_and_creates_nothing()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();

        var error = await Assert.ThrowsAsync<StripeException>(() => _emulator.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            DefaultPaymentMethod = "pm_card_chargeCustomerFail",
            PaymentBehavior = "error_if_incomplete",
        }));

        Assert.Equal(HttpStatusCode.PaymentRequired, error.HttpStatusCode);
        Assert.Equal("card_error", error.StripeError.Type);
        Assert.Equal("generic_decline", error.StripeError.DeclineCode);
        Assert.Empty(await _emulator.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Status = "all" }));
    }

    [Fact]
    public async Task Changing_the_price_of_an_item_keeps_its_period()
    {
        var monthly = await _emulator.Stripe.MonthlyPriceAsync();
        var dearer = await _emulator.Stripe.MonthlyPriceAsync(amount: 800);
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, monthly.Id);

        var updated = await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = subscription.Items.Data[0].Id, Price = dearer.Id }],
            ProrationBehavior = "none",
        });

        Assert.Equal(dearer.Id, updated.Items.Data[0].Price.Id);
        Assert.Equal(subscription.Items.Data[0].CurrentPeriodEnd, updated.Items.Data[0].CurrentPeriodEnd);
        var listed = await _emulator.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Price = dearer.Id });
        Assert.Equal(subscription.Id, Assert.Single(listed.Data).Id);
    }

    [Fact]
    public async Task Deleting_the_customer_cancels_its_subscriptions_first()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var deleted = await _emulator.Stripe.V1.Customers.DeleteAsync(customer.Id);

        Assert.True(deleted.Deleted);
        Assert.True((await _emulator.Stripe.V1.Customers.GetAsync(customer.Id)).Deleted);
        Assert.Equal("canceled", (await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        var types = (await _emulator.DeliveredAsync()).Select(e => e.Type).ToList();
        Assert.True(types.IndexOf("customer.subscription.deleted") < types.IndexOf("customer.deleted"));
    }
}
