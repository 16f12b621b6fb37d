using System.Globalization;

namespace Membership.StripeEmulator.Billing;

/// <summary>Subscription invoices: drafted, finalized, collected, and on failure retried on the smart-retry schedule.</summary>
internal static class Invoicing
{
    /// <summary>
    /// Days after the first failed attempt on which Stripe retries: 8 tries within 2 weeks, Smart Retries'
    /// recommended default. Stripe times the real ones with a model and publishes no exact schedule.
    /// </summary>
    public static readonly int[] RetryDays = [1, 3, 5, 7, 9, 11, 14];

    public const int HourSeconds = 3600;

    /// <summary>
    /// A draft for the subscription: the subscription's pending invoice items, which it now bills, then a line per item
    /// for its current period (unless <paramref name="itemLines"/> is false: an invoice for prorations alone).
    /// </summary>
    public static Invoice Draft(EmulatorState state, Subscription subscription, string billingReason, long periodStart, long periodEnd, bool trial, bool itemLines = true)
    {
        var customer = state.Customers.Get(subscription.Customer);
        var now = state.Now(subscription.TestClock);
        SubscriptionDiscounts.EndExpired(state, subscription, now);
        var invoice = new Invoice
        {
            Id = Ids.New("in_1"),
            Created = now,
            Customer = customer.Id,
            CustomerEmail = customer.Email,
            CustomerName = customer.Name,
            Currency = subscription.Currency,
            Subscription = subscription.Id,
            SubscriptionMetadata = new(subscription.Metadata, StringComparer.Ordinal),
            BillingReason = billingReason,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            TestClock = subscription.TestClock,
        };
        // Pending invoice items (prorations) come first, as on Stripe's invoices.
        foreach (var pending in state.InvoiceItems.All.Where(i => i.Subscription == subscription.Id && i.Invoice is null).OrderBy(i => i.Sequence).ToList())
        {
            pending.Invoice = invoice.Id;
            invoice.Lines.Add(InvoiceLine.For(pending));
        }
        foreach (var item in itemLines ? subscription.Items : [])
        {
            var price = state.Prices.Get(item.Price);
            var product = state.Products.Find(price.Product)?.Name ?? price.Product;
            invoice.Lines.Add(new InvoiceLine
            {
                Id = Ids.New("il_1"),
                Price = price.Id,
                Quantity = item.Quantity,
                Amount = trial ? 0 : price.UnitAmount * item.Quantity,
                Description = trial
                    ? $"Trial period for {product}"
                    : string.Create(CultureInfo.InvariantCulture, $"{item.Quantity} × {product} (at {CurrencyAmount.Format(price.UnitAmount, price.Currency)} / {price.Interval})"),
                PeriodStart = item.PeriodStart,
                PeriodEnd = item.PeriodEnd,
                SubscriptionItem = item.Id,
            });
        }
        if (!trial)
            SubscriptionDiscounts.TakeOff(state, subscription, invoice);
        return state.Invoices.Add(invoice);
    }

    public static void Finalize(EmulatorState state, Invoice invoice, EventCause cause)
    {
        var customer = state.Customers.Get(invoice.Customer);
        if (customer.Balance != 0 || invoice.Total < 0)
        {
            // Credit on the account pays what it can; a negative total becomes credit.
            var before = customer.Render(state);
            invoice.StartingBalance = customer.Balance;
            customer.Balance = invoice.EndingBalance;
            state.EmitIfChanged("customer.updated", customer, before, cause);
        }
        invoice.Status = "open";
        invoice.Number = string.Create(CultureInfo.InvariantCulture, $"{customer.InvoicePrefix}-{customer.NextInvoiceSequence:D4}");
        customer.NextInvoiceSequence++;
        invoice.FinalizedAt = state.Now(invoice.TestClock);
        invoice.AutomaticallyFinalizesAt = null;
        state.Emit("invoice.finalized", invoice, cause);
    }

    /// <summary>
    /// Tries to collect an open invoice with the subscription's (or else the customer's) default payment method.
    /// <paramref name="automatic"/> attempts count towards <c>attempt_count</c> and the retry schedule; a manual
    /// retry (<c>POST /v1/invoices/:id/pay</c>) does not.
    /// </summary>
    public static bool Collect(EmulatorState state, Invoice invoice, EventCause cause, bool automatic)
    {
        if (invoice.AmountDue == 0)
        {
            MarkPaid(state, invoice, null, cause);
            return true;
        }
        var subscription = state.Subscriptions.Find(invoice.Subscription);
        var customer = state.Customers.Get(invoice.Customer);
        var method = state.PaymentMethods.Find(subscription?.DefaultPaymentMethod ?? customer.DefaultPaymentMethod);
        var before = invoice.Render(state);
        var now = state.Now(invoice.TestClock);

        if (method is not null)
        {
            var intent = state.PaymentIntents.Find(invoice.PaymentIntent)
                ?? Charging.NewIntent(state, invoice.Customer, invoice.AmountDue, invoice.Currency,
                    invoice.BillingReason == "subscription_create" ? "Subscription creation" : "Subscription update", invoice.TestClock, cause);
            invoice.PaymentIntent = intent.Id;
            if (Charging.Attempt(state, intent, method, invoice.TestClock, cause).Succeeded)
            {
                if (automatic)
                    invoice.AttemptCount++;
                MarkPaid(state, invoice, intent, cause);
                return true;
            }
        }

        if (automatic || invoice.AttemptCount == 0)
            invoice.AttemptCount++;
        invoice.Attempted = true;
        invoice.FirstAttemptAt ??= now;
        var retries = invoice.BillingReason != "subscription_create";
        if (automatic)
        {
            invoice.NextPaymentAttempt = retries && invoice.AttemptCount <= RetryDays.Length
                ? invoice.FirstAttemptAt + (RetryDays[invoice.AttemptCount - 1] * 86400L)
                : null;
        }
        state.Emit("invoice.payment_failed", invoice, cause);
        state.EmitIfChanged("invoice.updated", invoice, before, cause);

        if (subscription is null || !retries)
            return false;
        if (subscription.Status is "active" or "trialing")
        {
            var beforeSubscription = subscription.Render(state);
            subscription.Status = "past_due";
            state.EmitIfChanged("customer.subscription.updated", subscription, beforeSubscription, cause);
        }
        if (automatic && invoice.NextPaymentAttempt is null)
            SubscriptionLifecycle.CancelNow(state, subscription, EventCause.Automatic, "payment_failed");
        return false;
    }

    /// <summary>
    /// <c>invoice.paid</c> then <c>invoice.payment_succeeded</c>; a subscription waiting on this invoice becomes active;
    /// the <c>invoice_payment.paid</c> that links the payment comes after everything else.
    /// </summary>
    public static void MarkPaid(EmulatorState state, Invoice invoice, PaymentIntent? intent, EventCause cause)
    {
        var now = state.Now(invoice.TestClock);
        invoice.Status = "paid";
        invoice.AmountPaid = invoice.AmountDue;
        invoice.PaidAt = now;
        invoice.Attempted = true;
        invoice.AutoAdvance = false;
        invoice.NextPaymentAttempt = null;
        invoice.PaymentIntent = intent?.Id ?? invoice.PaymentIntent;
        state.Emit("invoice.paid", invoice, cause);
        state.Emit("invoice.payment_succeeded", invoice, cause);

        if (state.Subscriptions.Find(invoice.Subscription) is { } subscription
            && subscription.Status is "incomplete" or "past_due" or "unpaid"
            && subscription.LatestInvoice == invoice.Id)
        {
            var before = subscription.Render(state);
            subscription.Status = "active";
            state.EmitIfChanged("customer.subscription.updated", subscription, before, cause);
        }

        if (invoice.AmountPaid > 0)
        {
            var payment = state.InvoicePayments.Add(new InvoicePayment
            {
                Id = Ids.New("inpay_1"),
                Created = now,
                Invoice = invoice.Id,
                Amount = invoice.AmountPaid,
                Currency = invoice.Currency,
                PaymentIntent = intent?.Id,
                PaidAt = now,
            });
            state.Later(() => state.Emit("invoice_payment.paid", payment, cause));
        }
    }

    public static void Void(EmulatorState state, Invoice invoice, EventCause cause)
    {
        invoice.Status = "void";
        invoice.VoidedAt = state.Now(invoice.TestClock);
        invoice.AutoAdvance = false;
        invoice.NextPaymentAttempt = null;
        state.Emit("invoice.voided", invoice, cause);
    }

    public static void MarkUncollectible(EmulatorState state, Invoice invoice, EventCause cause)
    {
        invoice.Status = "uncollectible";
        invoice.MarkedUncollectibleAt = state.Now(invoice.TestClock);
        invoice.AutoAdvance = false;
        invoice.NextPaymentAttempt = null;
        state.Emit("invoice.marked_uncollectible", invoice, cause);
    }

    /// <summary>Cancelling a subscription stops collection of its unpaid invoices.</summary>
    public static void StopCollecting(EmulatorState state, Subscription subscription, EventCause cause)
    {
        foreach (var invoice in state.Invoices.All.Where(i => i.Subscription == subscription.Id && i.Status is "draft" or "open" && i.AutoAdvance).OrderBy(i => i.Sequence).ToList())
        {
            var before = invoice.Render(state);
            invoice.AutoAdvance = false;
            invoice.NextPaymentAttempt = null;
            invoice.AutomaticallyFinalizesAt = null;
            state.EmitIfChanged("invoice.updated", invoice, before, cause);
        }
    }
}
