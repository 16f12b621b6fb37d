namespace Membership.StripeEmulator.Subscriptions;

/// <summary>One entry of an update's <c>items</c>: an existing item by id (new price or quantity, or deleted), or a new item.</summary>
internal sealed record ItemEdit(SubscriptionItem? Existing, Price? Price, long? Quantity, bool Deleted, Dictionary<string, string>? Metadata);

/// <summary>
/// <c>items[]</c> of a subscription update or an invoice preview: read and checked first (so a bad request changes
/// nothing), then either applied or only worked out (a preview).
/// </summary>
internal static class ItemEdits
{
    public static List<ItemEdit> Read(EmulatorState state, Subscription subscription, IReadOnlyList<StripeParams> items)
    {
        var edits = new List<ItemEdit>();
        foreach (var item in items)
        {
            item.AllowOnly("id", "price", "quantity", "deleted", "metadata", "tax_rates", "discounts", "clear_usage");
            var itemId = item.String("id");
            var existing = string.IsNullOrEmpty(itemId) ? null : subscription.Items.FirstOrDefault(i => i.Id == itemId)
                ?? throw StripeErrorException.NotFound("subscription_item", itemId, item.PathOf("id"));
            var priceId = item.String("price");
            var price = string.IsNullOrEmpty(priceId) ? null : state.Prices.Get(priceId, item.PathOf("price"));
            if (price is not null && (!price.IsRecurring || price.Currency != subscription.Currency))
                throw StripeErrorException.Invalid(item.PathOf("price"), "The price must be recurring and in the subscription's currency.");
            if (existing is null && price is null)
                throw StripeErrorException.Missing(item.PathOf("price"));
            edits.Add(new ItemEdit(existing, price, item.Long("quantity"), item.Bool("deleted") == true, item.Metadata()));
        }
        var remaining = subscription.Items.Count + edits.Count(e => e.Existing is null) - edits.Count(e => e.Deleted);
        if (remaining <= 0)
            throw StripeErrorException.Invalid("items", "A subscription must have at least one active plan. To cancel a subscription, delete the subscription.");
        return edits;
    }

    /// <summary>What the edits would change, without changing anything.</summary>
    public static List<ItemChange> Changes(EmulatorState state, IEnumerable<ItemEdit> edits) =>
    [
        .. edits.Select(e => e.Existing is { } item
            ? new ItemChange(item.Id, state.Prices.Get(item.Price), item.Quantity, e.Deleted ? null : e.Price ?? state.Prices.Get(item.Price), e.Deleted ? 0 : e.Quantity ?? item.Quantity)
            : new ItemChange(Ids.New("si_", 14), null, 0, e.Price, e.Quantity ?? 1)),
    ];

    public static List<ItemChange> Apply(EmulatorState state, Subscription subscription, IReadOnlyList<ItemEdit> edits)
    {
        var changes = Changes(state, edits);
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            if (edit.Existing is not { } existing)
            {
                subscription.Items.Add(new SubscriptionItem
                {
                    Id = changes[i].ItemId,
                    Created = state.Now(subscription.TestClock),
                    Price = edit.Price!.Id,
                    Quantity = edit.Quantity ?? 1,
                    Metadata = MetadataUpdate.Apply([], edit.Metadata),
                    PeriodStart = subscription.CurrentPeriodStart,
                    PeriodEnd = subscription.CurrentPeriodEnd,
                });
            }
            else if (edit.Deleted)
            {
                subscription.Items.Remove(existing);
            }
            else
            {
                existing.Price = edit.Price?.Id ?? existing.Price;
                existing.Quantity = edit.Quantity ?? existing.Quantity;
                existing.Metadata = MetadataUpdate.Apply(existing.Metadata, edit.Metadata);
            }
        }
        return changes;
    }
}
