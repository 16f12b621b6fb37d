namespace Membership.StripeEmulator.Tests.Flows;

/// <summary>Renewals, failed renewals and scheduled cancellations, driven by advancing a test clock.</summary>
public sealed class TestClockFlowTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 11, 1, 10, 0, 0, DateTimeKind.Utc);
    private Emulator _emulator = null!;

    public async Task InitializeAsync() => _emulator = await Emulator.StartAsync();

    public async Task DisposeAsync() => await _emulator.DisposeAsync();

    [Fact]
    public async Task A_renewal_drafts_the_invoice_at_period_end_and_pays_it_an_hour_later()
    {
        var (clock, subscription) = await SubscribedOnClockAsync();
        var periodEnd = subscription.Items.Data[0].CurrentPeriodEnd;
        Assert.Equal(Start.AddMonths(1), periodEnd);

        await AdvanceAsync(clock, periodEnd.AddMinutes(1));
        var renewed = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        Assert.Equal("draft", renewed.LatestInvoice.Status);
        Assert.Equal("subscription_cycle", renewed.LatestInvoice.BillingReason);
        Assert.Equal(Start.AddMonths(2), renewed.Items.Data[0].CurrentPeriodEnd);

        await AdvanceAsync(clock, periodEnd.AddHours(1).AddMinutes(1));
        var invoice = await _emulator.Stripe.V1.Invoices.GetAsync(renewed.LatestInvoiceId);

        Assert.Equal("paid", invoice.Status);
        Assert.Equal(1, invoice.AttemptCount);
        Assert.Equal(500, invoice.AmountPaid);
        Assert.Equal(["customer.subscription.created", "customer.subscription.updated"], _emulator.Server.EventTypesFor(subscription.Id));
        Assert.Equal(["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"], _emulator.Server.EventTypesFor(invoice.Id));
        var delivered = await _emulator.DeliveredAsync();
        var renewal = delivered.SkipWhile(e => e.Type != "test_helpers.test_clock.advancing").Select(e => e.Type);
        Assert.Equal(
        [
            "test_helpers.test_clock.advancing", "invoice.created", "customer.subscription.updated", "test_helpers.test_clock.ready",
            "test_helpers.test_clock.advancing", "invoice.finalized", "payment_intent.created", "charge.succeeded", "payment_intent.succeeded",
            "invoice.paid", "invoice.payment_succeeded", "invoice_payment.paid", "test_helpers.test_clock.ready",
        ], renewal);
        var periodChange = delivered.Single(e => e.Type == "customer.subscription.updated");
        Assert.Null(periodChange.Request.Id);
        Assert.Equal(subscription.LatestInvoiceId, (string)periodChange.Data.PreviousAttributes.latest_invoice);
        Assert.Empty(_emulator.Webhooks.Rejections);
    }

    [Fact]
    public async Task Many_subscriptions_renewing_at_once_on_one_clock_each_renew_once_with_their_events_in_order()
    {
        var clock = await _emulator.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = Start, Name = "renewal day" });
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var subscriptions = new List<Subscription>();
        for (var n = 0; n < 12; n++)
        {
            var customer = await _emulator.Stripe.CustomerAsync(testClock: clock.Id);
            subscriptions.Add(await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id));
            if (n == 0) // one customer with two subscriptions renewing at the same moment
                subscriptions.Add(await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id));
        }
        var periodEnd = subscriptions[0].Items.Data[0].CurrentPeriodEnd;

        await AdvanceAsync(clock, periodEnd.AddHours(1).AddMinutes(1));

        foreach (var subscription in subscriptions)
        {
            var renewed = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
            Assert.Equal((Start.AddMonths(2), "active", "paid", "subscription_cycle"),
                (renewed.Items.Data[0].CurrentPeriodEnd, renewed.Status, renewed.LatestInvoice.Status, renewed.LatestInvoice.BillingReason));
            Assert.Equal(["customer.subscription.created", "customer.subscription.updated"], _emulator.Server.EventTypesFor(subscription.Id));
            Assert.Equal(["invoice.created", "invoice.finalized", "invoice.paid", "invoice.payment_succeeded"], _emulator.Server.EventTypesFor(renewed.LatestInvoiceId));
        }
        // In time order: every draft and period change at the period end, then every payment an hour later.
        var delivered = (await _emulator.DeliveredAsync()).SkipWhile(e => e.Type != "test_helpers.test_clock.advancing").Select(e => e.Type).ToList();
        Assert.Equal(subscriptions.Count * 2, delivered.FindIndex(t => t == "invoice.finalized") - 1);
        Assert.Equal(subscriptions.Count, delivered.Count(t => t == "invoice.paid"));
    }

    [Fact]
    public async Task A_renewal_that_keeps_failing_makes_the_subscription_past_due_then_cancels_it_after_the_last_retry()
    {
        var (clock, subscription) = await SubscribedOnClockAsync();
        await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { DefaultPaymentMethod = "pm_card_chargeCustomerFail" });
        var periodEnd = subscription.Items.Data[0].CurrentPeriodEnd;

        await AdvanceAsync(clock, periodEnd.AddHours(1).AddMinutes(1));
        var pastDue = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        var invoice = pastDue.LatestInvoice;
        Assert.Equal("past_due", pastDue.Status);
        Assert.Equal("open", invoice.Status);
        Assert.Equal(1, invoice.AttemptCount);
        Assert.Equal(invoice.StatusTransitions.FinalizedAt!.Value.AddDays(1), invoice.NextPaymentAttempt);

        await AdvanceAsync(clock, periodEnd.AddDays(15));
        var ended = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        invoice = await _emulator.Stripe.V1.Invoices.GetAsync(invoice.Id);

        Assert.Equal("canceled", ended.Status);
        Assert.Equal("payment_failed", ended.CancellationDetails.Reason);
        Assert.Equal(invoice.StatusTransitions.FinalizedAt!.Value.AddDays(14), ended.EndedAt);
        Assert.Equal(8, invoice.AttemptCount);
        Assert.Null(invoice.NextPaymentAttempt);
        Assert.False(invoice.AutoAdvance);
        Assert.Equal(
        [
            "customer.subscription.created", "customer.subscription.updated", "customer.subscription.updated", "customer.subscription.updated",
            "customer.subscription.deleted",
        ], _emulator.Server.EventTypesFor(subscription.Id));
        string[] attempt = ["invoice.payment_failed", "invoice.updated"];
        Assert.Equal(
            ["invoice.created", "invoice.finalized", .. Enumerable.Repeat(attempt, 8).SelectMany(a => a), "invoice.updated"],
            _emulator.Server.EventTypesFor(invoice.Id));
        var delivered = await _emulator.DeliveredAsync();
        var statuses = delivered.Where(e => e.Data.Object is Subscription s && s.Id == subscription.Id).Select(e => ((Subscription)e.Data.Object).Status);
        Assert.Equal(["active", "active", "active", "past_due", "canceled"], statuses);
        Assert.Equal(8, delivered.Count(e => e.Type == "charge.failed"));
    }

    [Fact]
    public async Task A_subscription_set_to_cancel_at_period_end_ends_there_without_a_renewal()
    {
        var (clock, subscription) = await SubscribedOnClockAsync();
        var cancelling = await _emulator.Stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });

        await AdvanceAsync(clock, cancelling.CancelAt!.Value.AddDays(1));
        var ended = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id);

        Assert.Equal("canceled", ended.Status);
        Assert.Equal(cancelling.CancelAt, ended.EndedAt);
        Assert.Equal(cancelling.CanceledAt, ended.CanceledAt);
        Assert.Equal(subscription.LatestInvoiceId, ended.LatestInvoiceId);
        Assert.Single(await _emulator.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = subscription.Id }));
        Assert.Equal(["customer.subscription.created", "customer.subscription.updated", "customer.subscription.deleted"], _emulator.Server.EventTypesFor(subscription.Id));
    }

    [Fact]
    public async Task A_first_invoice_still_unpaid_after_23_hours_is_voided_and_the_subscription_expires()
    {
        var clock = await _emulator.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = Start });
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync(testClock: clock.Id);
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id, "pm_card_chargeCustomerFail");
        Assert.Equal("incomplete", subscription.Status);

        await AdvanceAsync(clock, Start.AddHours(22));
        Assert.Equal("incomplete", (await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        await AdvanceAsync(clock, Start.AddHours(24));
        var expired = await _emulator.Stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });

        Assert.Equal("incomplete_expired", expired.Status);
        Assert.Equal(Start.AddHours(23), expired.EndedAt);
        Assert.Equal("void", expired.LatestInvoice.Status);
        Assert.Equal(["customer.subscription.created", "customer.subscription.updated"], _emulator.Server.EventTypesFor(subscription.Id));
        Assert.Equal("invoice.voided", _emulator.Server.EventTypesFor(expired.LatestInvoiceId)[^1]);
    }

    [Fact]
    public async Task A_trial_warns_three_days_ahead_then_turns_into_a_paid_period()
    {
        var clock = await _emulator.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = Start });
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync(testClock: clock.Id);
        var trialing = await _emulator.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            DefaultPaymentMethod = "pm_card_visa",
            TrialPeriodDays = 14,
        });
        Assert.Equal(("trialing", Start.AddDays(14)), (trialing.Status, trialing.TrialEnd!.Value));

        await AdvanceAsync(clock, Start.AddDays(11).AddMinutes(1));
        Assert.Equal("customer.subscription.trial_will_end", _emulator.Server.EventTypesFor(trialing.Id)[^1]);
        await AdvanceAsync(clock, Start.AddDays(14).AddHours(1).AddMinutes(1));
        var active = await _emulator.Stripe.V1.Subscriptions.GetAsync(trialing.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });

        Assert.Equal("active", active.Status);
        Assert.Equal(Start.AddDays(14).AddMonths(1), active.Items.Data[0].CurrentPeriodEnd);
        Assert.Equal(("paid", 500L), (active.LatestInvoice.Status, active.LatestInvoice.AmountPaid));
        Assert.Equal(
            ["customer.subscription.created", "customer.subscription.trial_will_end", "customer.subscription.updated"],
            _emulator.Server.EventTypesFor(trialing.Id));
        var delivered = await _emulator.DeliveredAsync();
        var conversion = delivered.Single(e => e.Type == "customer.subscription.updated");
        Assert.Equal("trialing", (string)conversion.Data.PreviousAttributes.status);
    }

    [Fact]
    public async Task A_clock_moves_only_forward_and_at_most_two_periods_at_a_time()
    {
        var (clock, _) = await SubscribedOnClockAsync();

        var backwards = await Assert.ThrowsAsync<StripeException>(() =>
            _emulator.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = Start.AddDays(-1) }));
        var tooFar = await Assert.ThrowsAsync<StripeException>(() =>
            _emulator.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = Start.AddMonths(3) }));

        Assert.Equal("frozen_time", backwards.StripeError.Param);
        Assert.Equal("frozen_time", tooFar.StripeError.Param);
        Assert.Equal(Start, (await _emulator.Stripe.V1.TestHelpers.TestClocks.GetAsync(clock.Id)).FrozenTime);
    }

    private async Task<(Stripe.TestHelpers.TestClock Clock, Subscription Subscription)> SubscribedOnClockAsync()
    {
        var clock = await _emulator.Stripe.V1.TestHelpers.TestClocks.CreateAsync(new Stripe.TestHelpers.TestClockCreateOptions { FrozenTime = Start, Name = "renewals" });
        StripeShape.AssertMatchesFixture("test_helpers.test_clock", StripeShape.Raw(clock));
        var price = await _emulator.Stripe.MonthlyPriceAsync();
        var customer = await _emulator.Stripe.CustomerAsync(testClock: clock.Id);
        var subscription = await _emulator.Stripe.SubscribeAsync(customer.Id, price.Id);
        Assert.Equal(clock.Id, subscription.TestClockId);
        Assert.Equal(Start, subscription.StartDate);
        return (clock, subscription);
    }

    private async Task AdvanceAsync(Stripe.TestHelpers.TestClock clock, DateTime to)
    {
        var advancing = await _emulator.Stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new Stripe.TestHelpers.TestClockAdvanceOptions { FrozenTime = to });
        Assert.Equal("advancing", advancing.Status);
        var ready = await _emulator.Stripe.V1.TestHelpers.TestClocks.GetAsync(clock.Id);
        Assert.Equal(("ready", to), (ready.Status, ready.FrozenTime));
    }
}
