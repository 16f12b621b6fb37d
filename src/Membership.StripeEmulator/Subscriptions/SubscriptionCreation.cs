using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Subscriptions;

/// <summary><c>POST /v1/subscriptions</c>: the first invoice is finalized and charged at once, without the hour's draft.</summary>
internal static class SubscriptionCreation
{
    private static readonly string[] PaymentBehaviours = ["allow_incomplete", "default_incomplete", "error_if_incomplete", "pending_if_incomplete"];

    public static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "items", "default_payment_method", "payment_behavior", "metadata", "trial_period_days", "trial_end", "description",
            "cancel_at_period_end", "cancel_at", "billing_mode", "collection_method", "proration_behavior", "off_session", "payment_settings",
            "automatic_tax", "expand", "currency");
        var customer = CustomersApi.Live(state, p.RequiredString("customer"), "customer");
        var lines = Lines(state, p);
        var behaviour = p.String("payment_behavior") ?? "allow_incomplete";
        if (!PaymentBehaviours.Contains(behaviour))
            throw StripeErrorException.Invalid("payment_behavior", $"Invalid payment_behavior: must be one of {string.Join(", ", PaymentBehaviours)}");
        if (p.String("collection_method") is "send_invoice")
            throw StripeErrorException.Invalid("collection_method", "The Stripe emulator supports collection_method=charge_automatically only.");
        var billingMode = p.Object("billing_mode")?.String("type") ?? "flexible";
        if (billingMode is not ("flexible" or "classic"))
            throw StripeErrorException.Invalid("billing_mode[type]", "Invalid billing_mode[type]: must be one of classic or flexible");

        var now = state.Now(customer.TestClock);
        long? trialEnd = p.String("trial_end") switch
        {
            null or "" => p.Long("trial_period_days") is { } days ? now + (days * 86400) : null,
            "now" => null,
            _ => p.Long("trial_end"),
        };
        if (trialEnd <= now)
            throw StripeErrorException.Invalid("trial_end", "Invalid timestamp: must be an integer Unix timestamp in the future.");

        var methodParam = p.String("default_payment_method");
        var method = string.IsNullOrEmpty(methodParam) ? null : PaymentMethods.Resolve(state, methodParam, customer, request.Cause, "default_payment_method");
        var payWith = method ?? state.PaymentMethods.Find(customer.DefaultPaymentMethod);
        var paysNow = trialEnd is null && behaviour != "default_incomplete" && lines.Sum(l => l.Price.UnitAmount * l.Quantity) > 0;
        if (paysNow && behaviour == "error_if_incomplete" && !Charging.WouldSucceed(payWith))
        {
            throw payWith is null
                ? StripeErrorException.Request("This customer has no attached payment source or default payment method.")
                : StripeErrorException.CardDeclined(payWith.Card.DeclineCode, payWith.Card.DeclineMessage);
        }

        var subscription = SubscriptionLifecycle.Start(state, customer, lines, MetadataUpdate.Apply([], p.Metadata()), trialEnd, method?.Id, billingMode, p.String("description"));
        subscription.Status = trialEnd is not null ? "trialing"
            : !paysNow ? (behaviour == "default_incomplete" ? "incomplete" : "active")
            : Charging.WouldSucceed(payWith) ? "active" : "incomplete";
        if (p.Bool("cancel_at_period_end") == true)
        {
            subscription.CancelAtPeriodEnd = true;
            subscription.CancelAt = subscription.CurrentPeriodEnd;
            subscription.CanceledAt = now;
            subscription.CancellationReason = "cancellation_requested";
        }
        else if (p.Long("cancel_at") is { } cancelAt)
        {
            subscription.CancelAt = cancelAt;
            subscription.CanceledAt = now;
            subscription.CancellationReason = "cancellation_requested";
        }

        var invoice = SubscriptionLifecycle.FirstInvoice(state, subscription);
        state.Emit("customer.subscription.created", subscription, request.Cause);
        state.Emit("invoice.created", invoice, request.Cause);
        Invoicing.Finalize(state, invoice, request.Cause);
        if (behaviour == "default_incomplete" && invoice.AmountDue > 0)
        {
            // Left for the client to confirm: the PaymentIntent waits with no attempt made.
            invoice.PaymentIntent = Charging.NewIntent(state, customer.Id, invoice.AmountDue, invoice.Currency, "Subscription creation", customer.TestClock, request.Cause).Id;
        }
        else
        {
            Invoicing.Collect(state, invoice, request.Cause, automatic: true);
        }
        if (trialEnd is { } end && end - now <= 3 * 86400)
            SubscriptionLifecycle.TrialWillEnd(state, subscription);
        return subscription.Render(state);
    }

    public static List<SubscriptionLine> Lines(EmulatorState state, StripeParams p)
    {
        var items = p.ObjectList("items");
        if (items.Count == 0)
            throw StripeErrorException.Missing("items");
        var lines = new List<SubscriptionLine>();
        foreach (var item in items)
        {
            item.AllowOnly("price", "quantity", "metadata", "tax_rates", "discounts", "price_data");
            var price = state.Prices.Get(item.RequiredString("price"), item.PathOf("price"));
            if (!price.IsRecurring)
                throw StripeErrorException.Invalid(item.PathOf("price"), $"The price specified is set to `type=one_time` but this field only accepts prices with `type=recurring`.");
            lines.Add(new SubscriptionLine(price, item.Long("quantity") ?? 1, MetadataUpdate.Apply([], item.Metadata())));
        }
        if (lines.Select(l => l.Price.Currency).Distinct().Count() > 1)
            throw StripeErrorException.Invalid("items", "All prices on a subscription must have the same currency.");
        return lines;
    }
}
