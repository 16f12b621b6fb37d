using System.Net;
using Stripe.Checkout;

namespace Membership.StripeEmulator.Tests.Flows;

/// <summary>A reader on the hosted Checkout page, driven as a browser would drive it, and the webhooks that follow.</summary>
public sealed class CheckoutFlowTests : IAsyncLifetime
{
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task Paying_with_4242_subscribes_the_customer_and_redirects_to_the_success_url()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var session = await CreateSessionAsync(price.Id, customer.Id);

        var response = await _emulator.PayAsync(session.Url, "4242 4242 4242 4242");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal($"http://127.0.0.1:5080/subscribe/success?session_id={session.Id}", response.Headers.Location!.ToString());
        var completed = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id);
        Assert.Equal("complete", completed.Status);
        Assert.Equal("paid", completed.PaymentStatus);
        var subscription = await _emulator.Stripe.V1.Subscriptions.GetAsync(completed.SubscriptionId, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("active", subscription.Status);
        Assert.Equal(customer.Id, subscription.CustomerId);
        Assert.Equal("r-1", subscription.Metadata["reader_id"]);
        Assert.NotNull(subscription.DefaultPaymentMethodId);
        Assert.Equal(completed.InvoiceId, subscription.LatestInvoiceId);
        Assert.Equal("subscription_create", subscription.LatestInvoice.BillingReason);
        Assert.Equal(500, subscription.LatestInvoice.AmountPaid);

        var delivered = await _emulator.DeliveredAsync();
        Assert.Equal(
        [
            "product.created", "price.created", "customer.created",
            "payment_method.attached", "payment_intent.created", "charge.succeeded", "payment_intent.succeeded",
            "customer.subscription.created", "invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded",
            "checkout.session.completed", "invoice_payment.paid",
        ], delivered.Select(e => e.Type));
        Assert.Empty(_emulator.Webhooks.Rejections);
        Assert.All(_emulator.Server.Deliveries, d => Assert.Equal((1, 200), (d.Attempt, d.StatusCode)));
        var completedEvent = delivered.Single(e => e.Type == EventTypes.CheckoutSessionCompleted);
        Assert.Null(completedEvent.Request.Id);
        Assert.NotNull(completedEvent.Request.IdempotencyKey);
        Assert.Equal(subscription.Id, ((Session)completedEvent.Data.Object).SubscriptionId);
    }

    [Fact]
    public async Task Checkout_without_a_customer_asks_for_the_email_and_creates_the_customer()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var session = await CreateSessionAsync(price.Id, customer: null);

        var page = await _emulator.Http.GetStringAsync(session.Url);
        var response = await _emulator.PayAsync(session.Url, "4242424242424242", email: "new.reader@example.test");

        Assert.Contains("name=\"email\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var completed = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id, new SessionGetOptions { Expand = ["customer"] });
        Assert.Equal("new.reader@example.test", completed.Customer.Email);
        Assert.Equal("new.reader@example.test", completed.CustomerDetails.Email);
        Assert.Equal(["customer.created"], _emulator.Server.EventTypesFor(completed.CustomerId));
    }

    [Fact]
    public async Task A_declined_card_is_shown_on_the_page_and_leaves_the_session_open_without_a_subscription()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var session = await CreateSessionAsync(price.Id, customer.Id);

        var response = await _emulator.PayAsync(session.Url, "4000000000000341");

        Assert.Equal(HttpStatusCode.PaymentRequired, response.StatusCode);
        Assert.Contains("Your card was declined.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var still = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id);
        Assert.Equal("open", still.Status);
        Assert.Null(still.SubscriptionId);
        Assert.Empty(await _emulator.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Status = "all" }));
        var delivered = await _emulator.DeliveredAsync();
        Assert.Equal(["payment_intent.created", "charge.failed", "payment_intent.payment_failed"], delivered.Skip(3).Select(e => e.Type));

        var retry = await _emulator.PayAsync(session.Url, "4242424242424242");

        Assert.Equal(HttpStatusCode.SeeOther, retry.StatusCode);
        Assert.Equal("complete", (await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id)).Status);
    }

    [Fact]
    public async Task A_card_that_is_not_a_test_card_is_refused_and_nothing_happens()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var session = await CreateSessionAsync(price.Id, customer.Id);

        var invalid = await _emulator.PayAsync(session.Url, "4242424242424241");
        var real = await _emulator.PayAsync(session.Url, "4111111111111111");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("Your card number is invalid.", await invalid.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.PaymentRequired, real.StatusCode);
        Assert.Equal(["product.created", "price.created", "customer.created"], (await _emulator.DeliveredAsync()).Select(e => e.Type));
    }

    [Fact]
    public async Task Paying_with_0259_succeeds_and_the_charge_is_disputed_right_after()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var session = await CreateSessionAsync(price.Id, customer.Id);

        var response = await _emulator.PayAsync(session.Url, "4000000000000259");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var delivered = await _emulator.DeliveredAsync();
        Assert.Equal(["checkout.session.completed", "charge.dispute.created", "charge.dispute.funds_withdrawn", "invoice_payment.paid"],
            delivered.Select(e => e.Type).TakeLast(4));
        var dispute = (Dispute)delivered.First(e => e.Type == EventTypes.ChargeDisputeCreated).Data.Object;
        var charge = await _emulator.Stripe.V1.Charges.GetAsync(dispute.ChargeId);
        Assert.True(charge.Disputed);
        Assert.Equal(customer.Id, charge.CustomerId);
        Assert.Equal(500, dispute.Amount);
        StripeShape.AssertMatchesFixture("dispute", StripeShape.Raw(await _emulator.Stripe.V1.Disputes.GetAsync(dispute.Id)));
    }

    [Fact]
    public async Task A_trial_starts_without_a_charge_and_a_zero_invoice()
    {
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync();
        var session = await CreateSessionAsync(price.Id, customer.Id, trialDays: 14);

        var page = await _emulator.Http.GetStringAsync(session.Url);
        var response = await _emulator.PayAsync(session.Url, "4242424242424242");

        Assert.Contains("14 days free", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var completed = await _emulator.Stripe.V1.Checkout.Sessions.GetAsync(session.Id);
        Assert.Equal("no_payment_required", completed.PaymentStatus);
        var subscription = await _emulator.Stripe.V1.Subscriptions.GetAsync(completed.SubscriptionId, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("trialing", subscription.Status);
        Assert.Equal(subscription.TrialStart!.Value.AddDays(14), subscription.TrialEnd);
        Assert.Equal(subscription.TrialEnd, subscription.Items.Data[0].CurrentPeriodEnd);
        Assert.Equal(0, subscription.LatestInvoice.Total);
        Assert.Equal("paid", subscription.LatestInvoice.Status);
        Assert.Empty(await _emulator.Stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = customer.Id }));
        Assert.DoesNotContain("charge.succeeded", (await _emulator.DeliveredAsync()).Select(e => e.Type));
    }

    private Task<Session> CreateSessionAsync(string price, string? customer, long? trialDays = null) =>
        _emulator.Stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customer,
            ClientReferenceId = "r-1",
            LineItems = [new SessionLineItemOptions { Price = price, Quantity = 1 }],
            SubscriptionData = new SessionSubscriptionDataOptions { Metadata = new() { ["reader_id"] = "r-1" }, TrialPeriodDays = trialDays },
            SuccessUrl = "http://127.0.0.1:5080/subscribe/success?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = "http://127.0.0.1:5080/",
        });
}
