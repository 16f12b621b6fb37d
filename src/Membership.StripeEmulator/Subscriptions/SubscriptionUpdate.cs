using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Subscriptions;

/// <summary><c>POST /v1/subscriptions/:id</c>: scheduled cancellation and its undoing, items, payment method, metadata.</summary>
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
            "proration_behavior", "proration_date", "payment_behavior", "off_session", "billing_cycle_anchor", "payment_settings", "expand");
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

        if (p.ObjectList("items") is { Count: > 0 } items)
            UpdateItems(state, subscription, items);
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
        state.EmitIfChanged("customer.subscription.updated", subscription, before, request.Cause);
        return subscription.Render(state);
    }

    /// <summary>Items by id change price or quantity (the period stays); items without id are added; <c>deleted</c> removes.</summary>
    private static void UpdateItems(EmulatorState state, Subscription subscription, IReadOnlyList<StripeParams> items)
    {
        // Checked before anything changes, so a bad request changes nothing.
        foreach (var item in items.Where(i => !string.IsNullOrEmpty(i.String("id"))))
        {
            if (subscription.Items.All(i => i.Id != item.String("id")))
                throw StripeErrorException.NotFound("subscription_item", item.String("id")!, item.PathOf("id"));
        }
        var remaining = subscription.Items.Count + items.Count(i => string.IsNullOrEmpty(i.String("id"))) - items.Count(i => i.Bool("deleted") == true);
        if (remaining <= 0)
            throw StripeErrorException.Invalid("items", "A subscription must have at least one active plan. To cancel a subscription, delete the subscription.");

        foreach (var item in items)
        {
            item.AllowOnly("id", "price", "quantity", "deleted", "metadata", "tax_rates", "discounts", "clear_usage");
            var itemId = item.String("id");
            var priceId = item.String("price");
            var price = string.IsNullOrEmpty(priceId) ? null : state.Prices.Get(priceId, item.PathOf("price"));
            if (price is not null && (!price.IsRecurring || price.Currency != subscription.Currency))
                throw StripeErrorException.Invalid(item.PathOf("price"), "The price must be recurring and in the subscription's currency.");
            if (string.IsNullOrEmpty(itemId))
            {
                if (price is null)
                    throw StripeErrorException.Missing(item.PathOf("price"));
                subscription.Items.Add(new SubscriptionItem
                {
                    Id = Ids.New("si_", 14),
                    Created = state.Now(subscription.TestClock),
                    Price = price.Id,
                    Quantity = item.Long("quantity") ?? 1,
                    Metadata = MetadataUpdate.Apply([], item.Metadata()),
                    PeriodStart = subscription.CurrentPeriodStart,
                    PeriodEnd = subscription.CurrentPeriodEnd,
                });
                continue;
            }
            var existing = subscription.Items.FirstOrDefault(i => i.Id == itemId)
                ?? throw StripeErrorException.NotFound("subscription_item", itemId, item.PathOf("id"));
            if (item.Bool("deleted") == true)
            {
                subscription.Items.Remove(existing);
                continue;
            }
            if (price is not null)
                existing.Price = price.Id;
            if (item.Long("quantity") is { } quantity)
                existing.Quantity = quantity;
            existing.Metadata = MetadataUpdate.Apply(existing.Metadata, item.Metadata());
        }
    }
}
