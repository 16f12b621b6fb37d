using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Tests.Contract;

/// <summary>The subscription calls of the service's sync and actions, through Stripe.net, with the shapes they return.</summary>
public sealed class SubscriptionContractTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_subscription_read_with_its_latest_invoice_and_prices_expanded_has_Stripe_s_shapes()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var created = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var read = await _emulator.Stripe.V1.Subscriptions.GetAsync(created.Id, new SubscriptionGetOptions { Expand = ["latest_invoice", "items.data.price"] });

        Assert.Equal("active", read.Status);
        Assert.Equal(customer.Id, read.CustomerId);
        var item = Assert.Single(read.Items.Data);
        Assert.Equal(price.Id, item.Price.Id);
        Assert.Equal(item.CurrentPeriodStart.AddMonths(1), item.CurrentPeriodEnd);
        Assert.Equal("paid", read.LatestInvoice.Status);
        Assert.Equal(500, read.LatestInvoice.AmountPaid);
        Assert.Equal(read.Id, read.LatestInvoice.Parent.SubscriptionDetails.SubscriptionId);
        Assert.NotNull(read.LatestInvoice.StatusTransitions.FinalizedAt);

        var raw = JsonNode.Parse(StripeShape.Raw(read))!;
        StripeShape.AssertMatchesFixture("subscription", raw);
        StripeShape.AssertMatchesFixture("invoice", raw["latest_invoice"]!);
        StripeShape.AssertMatchesFixture("subscription_item", raw["items"]!["data"]![0]!);
        StripeShape.AssertMatchesFixture("plan", raw["items"]!["data"]![0]!["plan"]!);
        StripeShape.AssertMatchesFixture("line_item", raw["latest_invoice"]!["lines"]!["data"]![0]!);
        Assert.Null(raw["current_period_end"]);
        Assert.Null(raw["latest_invoice"]!["paid"]);
        Assert.Null(raw["latest_invoice"]!["subscription"]);
    }

    [Fact]
    public async Task An_invoice_lists_the_payment_that_paid_it()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var invoice = await _emulator.Stripe.V1.Invoices.GetAsync(subscription.LatestInvoiceId, new InvoiceGetOptions { Expand = ["payments"] });
        var payment = await _emulator.Stripe.V1.InvoicePayments.GetAsync(Assert.Single(invoice.Payments.Data).Id);
        var invoices = await _emulator.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id });
        var hosted = await _emulator.Http.GetStringAsync(invoice.HostedInvoiceUrl);

        Assert.Equal(invoice.Id, payment.InvoiceId);
        Assert.Equal(500, payment.AmountPaid);
        Assert.Equal("paid", payment.Status);
        Assert.Equal(invoice.Id, Assert.Single(invoices.Data).Id);
        Assert.Contains("Paid on", hosted, StringComparison.Ordinal);
        StripeShape.AssertMatchesFixture("invoice_payment", StripeShape.Raw(payment));
    }

    [Fact]
    public async Task Listing_all_of_a_customer_s_subscriptions_pages_through_every_one()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
            ids.Add((await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id)).Id);
        await _emulator.Stripe.V1.Subscriptions.CancelAsync(ids[0]);
        var other = await _emulator.Stripe.CustomerAsync();
        await _emulator.Stripe.SubscribeAsync(other.Id, price.Id);

        var listed = new List<string>();
        var options = new SubscriptionListOptions { Customer = customer.Id, Status = "all", Limit = 2 };
        await foreach (var subscription in _emulator.Stripe.V1.Subscriptions.ListAutoPagingAsync(options))
            listed.Add(subscription.Id);
        var live = await _emulator.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id });
        var byPrice = await _emulator.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Price = price.Id, Status = "active", Limit = 100 });

        Assert.Equal(ids.AsEnumerable().Reverse(), listed);
        Assert.Equal(4, live.Data.Count);
        Assert.Equal(5, byPrice.Data.Count);
    }

    [Fact]
    public async Task Cancel_at_period_end_is_set_then_cleared_with_cancel_at_as_the_service_sends_it()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var cancelling = await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        var resume = new SubscriptionUpdateOptions { CancelAtPeriodEnd = false };
        resume.AddExtraParam("cancel_at", "");
        var resumed = await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, resume);

        Assert.True(cancelling.CancelAtPeriodEnd);
        Assert.Equal(cancelling.Items.Data[0].CurrentPeriodEnd, cancelling.CancelAt);
        Assert.NotNull(cancelling.CanceledAt);
        Assert.Equal("cancellation_requested", cancelling.CancellationDetails.Reason);
        Assert.False(resumed.CancelAtPeriodEnd);
        Assert.Null(resumed.CancelAt);
        Assert.Null(resumed.CanceledAt);
        Assert.Equal("active", resumed.Status);
    }

    [Fact]
    public async Task A_cancelled_subscription_stays_readable_and_its_charge_too()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);

        var cancelled = await _emulator.Stripe.V1.Subscriptions.CancelAsync(subscription.Id);
        var read = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        var charges = await _emulator.Stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = customer.Id });
        var charge = await _emulator.Stripe.V1.Charges.GetAsync(Assert.Single(charges.Data).Id);
        var intent = await _emulator.Stripe.V1.PaymentIntents.GetAsync(charge.PaymentIntentId);
        var method = await _emulator.Stripe.V1.PaymentMethods.GetAsync(charge.PaymentMethod);

        Assert.Equal("canceled", cancelled.Status);
        Assert.Equal("canceled", read.Status);
        Assert.Equal(cancelled.CanceledAt, cancelled.EndedAt);
        Assert.Equal(500, charge.Amount);
        Assert.Equal(customer.Id, charge.CustomerId);
        Assert.Equal("succeeded", charge.Status);
        Assert.Equal("4242", method.Card.Last4);
        StripeShape.AssertMatchesFixture("charge", StripeShape.Raw(charge));
        StripeShape.AssertMatchesFixture("payment_intent", StripeShape.Raw(intent));
        StripeShape.AssertMatchesFixture("payment_method", StripeShape.Raw(method));
        var updateCancelled = await Assert.ThrowsAsync<StripeException>(() =>
            _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, updateCancelled.HttpStatusCode);
    }

    [Fact]
    public async Task Events_and_webhook_endpoints_have_Stripe_s_shapes()
    {
        var customer = await _emulator.Stripe.CustomerAsync();
        var endpoint = await _emulator.Stripe.V1.WebhookEndpoints.CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = "http://127.0.0.1:9/other",
            EnabledEvents = ["customer.created"],
        });

        var events = await _emulator.Stripe.V1.Events.ListAsync(new EventListOptions { Type = "customer.*" });
        var stripeEvent = await _emulator.Stripe.V1.Events.GetAsync(Assert.Single(events.Data).Id);
        var endpoints = await _emulator.Stripe.V1.WebhookEndpoints.ListAsync();

        Assert.StartsWith("whsec_", endpoint.Secret, StringComparison.Ordinal);
        Assert.Equal(2, endpoints.Data.Count);
        Assert.All(endpoints.Data, e => Assert.Null(e.Secret));
        Assert.Equal(customer.Id, ((Customer)stripeEvent.Data.Object).Id);
        Assert.Equal("2026-10-28.endive", stripeEvent.ApiVersion);
        Assert.NotNull(stripeEvent.Request.Id);
        StripeShape.AssertMatchesFixture("event", StripeShape.Raw(stripeEvent));
        StripeShape.AssertMatchesFixture("webhook_endpoint", StripeShape.Raw(endpoint));
    }
}
