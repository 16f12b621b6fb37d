using System.Globalization;
using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Invoices;

/// <summary>
/// <c>POST /v1/invoices/create_preview</c> for a subscription, changing nothing: with <c>subscription_details[items]</c>
/// it shows what the change would bill (the invoice made at once for a new interval or <c>always_invoice</c>, else the
/// next renewal with the prorations on it); without, the next renewal (a schedule's next phase included). The preview's
/// id starts with <c>upcoming_in_</c>; it is never stored, listed or payable.
/// </summary>
internal static class InvoicePreview
{
    public static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "subscription", "subscription_details", "automatic_tax", "currency", "preview_mode", "expand");
        var subscriptionId = p.String("subscription");
        if (string.IsNullOrEmpty(subscriptionId))
            throw StripeErrorException.Invalid("subscription", "The Stripe emulator previews a subscription's invoices only: pass subscription.");
        var subscription = state.Subscriptions.Get(subscriptionId, "subscription");
        if (p.String("customer") is { Length: > 0 } customer && customer != subscription.Customer)
            throw StripeErrorException.Invalid("customer", $"The subscription {subscription.Id} does not belong to the customer {customer}.");
        if (subscription.IsEnded)
            throw new StripeErrorException(400, "invalid_request_error", $"No upcoming invoices for subscription: {subscription.Id}", "invoice_upcoming_none");

        var details = p.Object("subscription_details");
        details?.AllowOnly("items", "proration_date", "proration_behavior", "billing_cycle_anchor", "default_tax_rates", "billing_mode", "trial_end", "cancel_at_period_end");
        var behaviour = ChangeBilling.Behaviour(details);
        var now = state.Now(subscription.TestClock);
        var at = details?.Long("proration_date") ?? now;
        var edits = details is null ? [] : ItemEdits.Read(state, subscription, details.ObjectList("items"));
        var changes = ItemEdits.Changes(state, edits);
        var changed = changes.Any(c => c.Changed) && subscription.Status != "trialing";
        var resets = changed && PlanChange.ResetsCycle(changes);
        var prorations = changed && behaviour != "none" ? PlanChange.Prorations(state, subscription, changes, at) : [];
        var after = ItemsAfter(state, subscription, edits, changes);

        var invoice = resets || (changed && behaviour == "always_invoice")
            ? Preview(state, subscription, "subscription_update", now, now)
            : Preview(state, subscription, "upcoming", subscription.CurrentPeriodStart, subscription.CurrentPeriodEnd);
        if (invoice.BillingReason == "upcoming")
        {
            foreach (var pending in state.InvoiceItems.All.Where(i => i.Subscription == subscription.Id && i.Invoice is null).OrderBy(i => i.Sequence))
                invoice.Lines.Add(Line(InvoiceLine.For(pending)));
            // A schedule's next phase, when one starts at the renewal, sets the renewal's prices.
            if (!changed && state.SubscriptionSchedules.Find(subscription.Schedule) is { IsLive: true } schedule && schedule.PhaseAt(subscription.CurrentPeriodEnd) is { } phase)
                after = [.. phase.Items.Select((i, n) => (n < subscription.Items.Count ? subscription.Items[n].Id : Ids.New("si_", 14), state.Prices.Get(i.Price), i.Quantity))];
        }
        invoice.Lines.AddRange(prorations.Select(i => Line(InvoiceLine.For(i))));
        if (invoice.BillingReason == "upcoming" || resets)
        {
            var start = resets ? now : subscription.CurrentPeriodEnd;
            foreach (var (item, price, quantity) in after)
                invoice.Lines.Add(PeriodLine(state, item, price, quantity, start));
        }
        SubscriptionDiscounts.TakeOff(state, subscription, invoice, consume: false);
        invoice.StartingBalance = state.Customers.Get(subscription.Customer).Balance;
        return invoice.Render(state);
    }

    private static List<(string Item, Price Price, long Quantity)> ItemsAfter(EmulatorState state, Subscription subscription, List<ItemEdit> edits, List<ItemChange> changes)
    {
        var edited = edits.Where(e => e.Existing is not null).Select(e => e.Existing!.Id).ToHashSet();
        return
        [
            .. subscription.Items.Where(i => !edited.Contains(i.Id)).Select(i => (i.Id, state.Prices.Get(i.Price), i.Quantity)),
            .. changes.Where(c => c.NewPrice is not null).Select(c => (c.ItemId, c.NewPrice!, c.NewQuantity)),
        ];
    }

    private static Invoice Preview(EmulatorState state, Subscription subscription, string reason, long periodStart, long periodEnd)
    {
        var customer = state.Customers.Get(subscription.Customer);
        return new Invoice
        {
            Id = Ids.New("upcoming_in_1"),
            Created = state.Now(subscription.TestClock),
            Customer = customer.Id,
            CustomerEmail = customer.Email,
            CustomerName = customer.Name,
            Currency = subscription.Currency,
            Subscription = subscription.Id,
            SubscriptionMetadata = new(subscription.Metadata, StringComparer.Ordinal),
            BillingReason = reason,
            PeriodStart = periodStart,
            PeriodEnd = periodEnd,
            TestClock = subscription.TestClock,
            AutoAdvance = false,
        };
    }

    /// <summary>Preview lines have temporary ids, as Stripe's do.</summary>
    private static InvoiceLine Line(InvoiceLine line) => new()
    {
        Id = Ids.New("il_tmp_1"),
        Price = line.Price,
        Quantity = line.Quantity,
        Amount = line.Amount,
        Description = line.Description,
        PeriodStart = line.PeriodStart,
        PeriodEnd = line.PeriodEnd,
        SubscriptionItem = line.SubscriptionItem,
        InvoiceItem = line.InvoiceItem,
        Proration = line.Proration,
    };

    private static InvoiceLine PeriodLine(EmulatorState state, string item, Price price, long quantity, long start)
    {
        var product = state.Products.Find(price.Product)?.Name ?? price.Product;
        return new InvoiceLine
        {
            Id = Ids.New("il_tmp_1"),
            Price = price.Id,
            Quantity = quantity,
            Amount = price.UnitAmount * quantity,
            Description = string.Create(CultureInfo.InvariantCulture, $"{quantity} × {product} (at {CurrencyAmount.Format(price.UnitAmount, price.Currency)} / {price.Interval})"),
            PeriodStart = start,
            PeriodEnd = price.AddIntervals(DateTimeOffset.FromUnixTimeSeconds(start), 1).ToUnixTimeSeconds(),
            SubscriptionItem = item,
        };
    }
}
