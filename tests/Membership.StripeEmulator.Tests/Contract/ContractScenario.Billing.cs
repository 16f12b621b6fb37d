using Stripe.TestHelpers;

namespace Membership.StripeEmulator.Tests.Contract;

public sealed partial class ContractScenario
{
    private async Task SubscriptionsAsync(Price price)
    {
        var customer = await stripe.CustomerAsync(paymentMethod: "pm_card_visa");
        var subscription = await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            Metadata = new() { ["reader_id"] = "r-2" },
            Expand = ["latest_invoice", "customer"],
        });
        await stripe.V1.Subscriptions.GetAsync(subscription.Id, new SubscriptionGetOptions { Expand = ["latest_invoice.payments", "items.data.price.product"] });
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            CancelAtPeriodEnd = false,
            CancellationDetails = new SubscriptionCancellationDetailsOptions { Feedback = "too_expensive", Comment = "changed my mind" },
        });
        var yearly = await stripe.MonthlyPriceAsync(amount: 5000, interval: "year");
        await stripe.V1.Subscriptions.UpdateAsync(subscription.Id, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = subscription.Items.Data[0].Id, Price = yearly.Id }],
            ProrationBehavior = "none",
        });
        await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customer.Id, Expand = ["data.latest_invoice"] });
        var invoices = await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customer.Id });
        var invoice = invoices.Data[0];
        await stripe.V1.Invoices.GetAsync(invoice.Id, new InvoiceGetOptions { Expand = ["payments", "customer"] });
        await raw.GetAsync($"v1/invoices/{invoice.Id}/lines");
        var charges = await stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = customer.Id });
        await stripe.V1.Charges.GetAsync(charges.Data[0].Id, new ChargeGetOptions { Expand = ["payment_intent", "customer"] });
        await stripe.V1.PaymentIntents.GetAsync(charges.Data[0].PaymentIntentId, new PaymentIntentGetOptions { Expand = ["latest_charge", "payment_method"] });
        await stripe.V1.Subscriptions.CancelAsync(subscription.Id, new SubscriptionCancelOptions
        {
            CancellationDetails = new SubscriptionCancellationDetailsOptions { Feedback = "unused" },
        });

        // Left for the client to confirm, then paid by hand.
        var incomplete = await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            PaymentBehavior = "default_incomplete",
            Expand = ["latest_invoice"],
        });
        await stripe.V1.Invoices.PayAsync(incomplete.LatestInvoiceId, new InvoicePayOptions { PaymentMethod = "pm_card_visa" });
        var paid = await stripe.V1.Invoices.GetAsync(incomplete.LatestInvoiceId, new InvoiceGetOptions { Expand = ["payments"] });
        await stripe.V1.InvoicePayments.GetAsync(paid.Payments.Data[0].Id);

        await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id, Quantity = 2 }],
            TrialPeriodDays = 14,
        });
    }

    /// <summary>Renewals on a test clock: one that pays, one whose card keeps failing until the subscription is cancelled.</summary>
    private async Task TestClockAsync()
    {
        var clock = await stripe.V1.TestHelpers.TestClocks.CreateAsync(new TestClockCreateOptions { FrozenTime = ClockStart, Name = "contract" });
        var price = await stripe.MonthlyPriceAsync();
        var paying = await stripe.CustomerAsync(testClock: clock.Id, paymentMethod: "pm_card_visa");
        var failing = await stripe.CustomerAsync(testClock: clock.Id, paymentMethod: "pm_card_visa");
        var renews = await stripe.SubscribeAsync(paying.Id, price.Id);
        var fails = await stripe.SubscribeAsync(failing.Id, price.Id);
        await stripe.V1.Subscriptions.UpdateAsync(fails.Id, new SubscriptionUpdateOptions { DefaultPaymentMethod = "pm_card_chargeCustomerFail" });
        await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = paying.Id,
            Items = [new SubscriptionItemOptions { Price = price.Id }],
            TrialPeriodDays = 5,
        });

        var at = ClockStart;
        for (var step = 0; step < 4; step++)
        {
            at = at.AddDays(15);
            await stripe.V1.TestHelpers.TestClocks.AdvanceAsync(clock.Id, new TestClockAdvanceOptions { FrozenTime = at });
        }
        await stripe.V1.TestHelpers.TestClocks.GetAsync(clock.Id);
        await stripe.V1.TestHelpers.TestClocks.ListAsync();
        var pastDue = await stripe.V1.Subscriptions.GetAsync(fails.Id, new SubscriptionGetOptions { Expand = ["latest_invoice"] });
        await recorder.ExpectErrorAsync(() => stripe.V1.Invoices.PayAsync(pastDue.LatestInvoiceId, new InvoicePayOptions()));
        await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = renews.Id });
        await stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { TestClock = clock.Id, Status = "all" });
        await stripe.V1.TestHelpers.TestClocks.DeleteAsync(clock.Id);
    }

    private async Task RefundsAndDisputesAsync(Price price)
    {
        var customer = await stripe.CustomerAsync(paymentMethod: "pm_card_visa");
        await stripe.SubscribeAsync(customer.Id, price.Id);
        var charge = (await stripe.V1.Charges.ListAsync(new ChargeListOptions { Customer = customer.Id })).Data[0];
        await stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id, Amount = 200, Reason = "requested_by_customer" });
        await stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = charge.PaymentIntentId, Metadata = new() { ["why"] = "rest" } });
        await stripe.V1.Refunds.ListAsync(new RefundListOptions { Charge = charge.Id });
        await stripe.V1.Charges.GetAsync(charge.Id);

        var disputing = await stripe.CustomerAsync(paymentMethod: "pm_card_createDispute");
        await stripe.SubscribeAsync(disputing.Id, price.Id, "pm_card_createDispute");
        var disputes = await stripe.V1.Disputes.ListAsync(new DisputeListOptions { Expand = ["data.charge"] });
        await stripe.V1.Disputes.GetAsync(disputes.Data[0].Id);
    }
}
