using System.Globalization;

namespace Membership.StripeEmulator.Billing;

/// <summary>One item's change: no old price for an added item, no new price for a removed one.</summary>
internal sealed record ItemChange(string ItemId, Price? OldPrice, long OldQuantity, Price? NewPrice, long NewQuantity)
{
    public bool Changed => OldPrice?.Id != NewPrice?.Id || OldQuantity != NewQuantity;

    /// <summary>Another interval starts a new billing period now (monthly to yearly), as Stripe resets the cycle.</summary>
    public bool ChangesInterval => OldPrice is not null && NewPrice is not null
        && (OldPrice.Interval != NewPrice.Interval || OldPrice.IntervalCount != NewPrice.IntervalCount);
}

/// <summary>
/// What a mid-period change of prices or quantities costs, the way Stripe prorates (to the second): a credit for the
/// unused time on what the item had, and a charge for the remaining time on what it has now. When the interval
/// changes the period restarts, so there is only the credit, and the new price is billed in full on an invoice at once.
/// </summary>
internal static class PlanChange
{
    public static bool ResetsCycle(IEnumerable<ItemChange> changes) => changes.Any(c => c.ChangesInterval);

    /// <summary>Unsaved invoice items; <paramref name="at"/> is the proration date.</summary>
    public static List<InvoiceItem> Prorations(EmulatorState state, Subscription subscription, IReadOnlyList<ItemChange> changes, long at)
    {
        var items = new List<InvoiceItem>();
        var resets = ResetsCycle(changes);
        var start = subscription.CurrentPeriodStart;
        var end = subscription.CurrentPeriodEnd;
        if (at >= end || end <= start)
            return items;
        var remaining = (decimal)(end - at) / (end - start);
        var date = DateTimeOffset.FromUnixTimeSeconds(at).ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        foreach (var change in changes.Where(c => c.Changed))
        {
            if (change.OldPrice is { } old)
                items.Add(Item(state, subscription, change, old, change.OldQuantity, -Share(old.UnitAmount * change.OldQuantity, remaining), $"Unused time on {ProductName(state, old)} after {date}", at, end));
            if (change.NewPrice is { } now && !resets)
                items.Add(Item(state, subscription, change, now, change.NewQuantity, Share(now.UnitAmount * change.NewQuantity, remaining), $"Remaining time on {ProductName(state, now)} after {date}", at, end));
        }
        return items;
    }

    private static long Share(long amount, decimal remaining) => (long)Math.Round(amount * remaining, MidpointRounding.AwayFromZero);

    private static string ProductName(EmulatorState state, Price price) => state.Products.Find(price.Product)?.Name ?? price.Product;

    private static InvoiceItem Item(EmulatorState state, Subscription subscription, ItemChange change, Price price, long quantity, long amount, string description, long from, long to) => new()
    {
        Id = Ids.New("ii_1"),
        Created = state.Now(subscription.TestClock),
        Customer = subscription.Customer,
        Currency = subscription.Currency,
        Amount = amount,
        Description = quantity > 1 ? $"{description} (× {quantity})" : description,
        Price = price.Id,
        Quantity = quantity,
        PeriodStart = from,
        PeriodEnd = to,
        Proration = true,
        Subscription = subscription.Id,
        SubscriptionItem = change.ItemId,
        TestClock = subscription.TestClock,
    };
}
