using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Subscriptions;

/// <summary>
/// <c>POST /v1/subscriptions/:id</c>: scheduled cancellation and its undoing, items (with prorations, see
/// <see cref="ChangeBilling"/>), payment method, discounts, pausing collection, metadata.
/// </summary>
internal static class SubscriptionUpdate
{
    public static JsonObject Update(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        var subscription = state.Subscriptions.Get(id);
        if (subscription.IsEnded)
        {
            if (p.Names.Any(n => n is not ("metadata" or "cancellation_details" or "expand")))
                throw StripeErrorException.Request("A canceled subscription can only update its cancellation_details and metadata.");
        }
        p.AllowOnly("cancel_at_period_end", "cancel_at", "items", "default_payment_method", "metadata", "description", "cancellation_details",
            "proration_behavior", "proration_date", "payment_behavior", "off_session", "billing_cycle_anchor", "payment_settings", "discounts",
            "pause_collection", "expand");
        var behaviour = ChangeBilling.Behaviour(p);
        var edits = ItemEdits.Read(state, subscription, p.ObjectList("items"));
        var pause = PauseCollections.Read(p, state.Now(subscription.TestClock));
        var coupons = p.Has("discounts") ? Discounted(state, p) : null;
        var cancelAtPeriodEnd = p.Bool("cancel_at_period_end");
        var cancelAtRaw = p.String("cancel_at");
        if (cancelAtPeriodEnd == true && !string.IsNullOrEmpty(cancelAtRaw))
            throw StripeErrorException.Request("You may only specify one of these parameters: cancel_at, cancel_at_period_end.", "cancel_at");
        var now = state.Now(subscription.TestClock);
        long? cancelAt = cancelAtRaw switch
        {
            null or "" => null,
            "min_period_end" => subscription.Items.Min(i => i.PeriodEnd),
            "max_period_end" => subscription.CurrentPeriodEnd,
            _ => p.Long("cancel_at"),
        };
        if (cancelAt <= now)
            throw StripeErrorException.Invalid("cancel_at", "Invalid timestamp: must be an integer Unix timestamp in the future.");

        var before = subscription.Render(state);
        if (cancelAtPeriodEnd == true)
        {
            subscription.CancelAtPeriodEnd = true;
            subscription.CancelAt = subscription.CurrentPeriodEnd;
            subscription.CanceledAt = now;
            subscription.CancellationReason = "cancellation_requested";
        }
        else if (cancelAtPeriodEnd == false && subscription.CancelAtPeriodEnd)
        {
            // cancel_at followed cancel_at_period_end, so it goes with it.
            subscription.CancelAtPeriodEnd = false;
            subscription.CancelAt = null;
        }
        if (cancelAtRaw == "")
        {
            subscription.CancelAt = null;
            subscription.CancelAtPeriodEnd = false;
        }
        else if (cancelAt is not null)
        {
            subscription.CancelAt = cancelAt;
            subscription.CancelAtPeriodEnd = false;
            subscription.CanceledAt = now;
            subscription.CancellationReason = "cancellation_requested";
        }
        if (subscription.CancelAt is null && !subscription.CancelAtPeriodEnd && !subscription.IsEnded)
        {
            subscription.CanceledAt = null;
            subscription.CancellationReason = null;
        }

        var changes = ItemEdits.Apply(state, subscription, edits);
        if (p.Has("default_payment_method"))
        {
            var method = p.String("default_payment_method");
            subscription.DefaultPaymentMethod = string.IsNullOrEmpty(method)
                ? null
                : PaymentMethods.Resolve(state, method, state.Customers.Get(subscription.Customer), request.Cause, "default_payment_method").Id;
        }
        if (p.Has("description"))
            subscription.Description = p.String("description") is { Length: > 0 } description ? description : null;
        subscription.Metadata = MetadataUpdate.Apply(subscription.Metadata, p.Metadata());
        if (p.Object("cancellation_details") is { } details)
        {
            details.AllowOnly("comment", "feedback");
            if (details.Has("comment"))
                subscription.CancellationComment = details.String("comment") is { Length: > 0 } comment ? comment : null;
            if (details.Has("feedback"))
                subscription.CancellationFeedback = details.String("feedback") is { Length: > 0 } feedback ? feedback : null;
        }
        if (pause is not null)
            subscription.PauseCollection = pause.Behavior.Length == 0 ? null : pause;
        if (coupons is not null)
        {
            foreach (var old in subscription.Discounts.ToList())
                SubscriptionDiscounts.Remove(state, subscription, old, request.Cause);
            foreach (var coupon in coupons)
                SubscriptionDiscounts.Apply(state, subscription, coupon, request.Cause);
        }
        var invoice = ChangeBilling.Bill(state, subscription, changes, behaviour, p.Long("proration_date") ?? now, request.Cause);
        state.EmitIfChanged("customer.subscription.updated", subscription, before, request.Cause);
        if (invoice is not null)
            ChangeBilling.Collect(state, invoice, request.Cause);
        return subscription.Render(state);
    }

    /// <summary><c>discounts[0][coupon]=X</c> replaces the subscription's discounts; <c>discounts=""</c> removes them.</summary>
    private static List<Coupon> Discounted(EmulatorState state, StripeParams p)
    {
        var coupons = new List<Coupon>();
        foreach (var entry in p.ObjectList("discounts"))
        {
            entry.AllowOnly("coupon", "discount", "promotion_code");
            if (entry.String("promotion_code") is { Length: > 0 })
                throw StripeErrorException.Invalid(entry.PathOf("promotion_code"), "The Stripe emulator has no promotion codes; pass a coupon.");
            coupons.Add(CouponsApi.Live(state, entry.RequiredString("coupon"), entry.PathOf("coupon")));
        }
        return coupons;
    }
}
