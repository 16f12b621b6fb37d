namespace Membership.StripeEmulator.Coupons;

/// <summary>Subscription discounts: applying a coupon, taking its share off an invoice's lines, ending it when its duration is over.</summary>
internal static class SubscriptionDiscounts
{
    /// <summary><c>discounts[0][coupon]=X</c> on a subscription: a new discount starting now (<c>customer.discount.created</c>).</summary>
    public static Discount Apply(EmulatorState state, Subscription subscription, Coupon coupon, EventCause cause)
    {
        if (!coupon.Valid)
            throw StripeErrorException.Invalid("discounts", $"Coupon {coupon.Id} is no longer valid.");
        if (coupon.Currency is { } currency && currency != subscription.Currency)
            throw StripeErrorException.Invalid("discounts", $"The coupon {coupon.Id} is in {currency}, the subscription in {subscription.Currency}.");
        var now = state.Now(subscription.TestClock);
        var discount = state.Discounts.Add(new Discount
        {
            Id = Ids.New("di_1"),
            Created = now,
            Coupon = coupon.Id,
            Customer = subscription.Customer,
            Subscription = subscription.Id,
            Start = now,
            End = coupon.DurationInMonths is { } months ? DateTimeOffset.FromUnixTimeSeconds(now).AddMonths((int)months).ToUnixTimeSeconds() : null,
        });
        coupon.TimesRedeemed++;
        subscription.Discounts.Add(discount.Id);
        state.Emit("customer.discount.created", discount, cause);
        return discount;
    }

    public static void Remove(EmulatorState state, Subscription subscription, string discountId, EventCause cause)
    {
        subscription.Discounts.Remove(discountId);
        if (state.Discounts.Find(discountId) is { } discount)
            state.Emit("customer.discount.deleted", discount, cause);
    }

    /// <summary>Repeating discounts whose months are over are removed before the next invoice is drafted.</summary>
    public static void EndExpired(EmulatorState state, Subscription subscription, long now)
    {
        foreach (var id in subscription.Discounts.ToList())
        {
            if (state.Discounts.Find(id) is { End: { } end } && end <= now)
                Remove(state, subscription, id, EventCause.Automatic);
        }
    }

    /// <summary>
    /// Takes each discount's share off the discountable lines; a <c>once</c> coupon is used up by the first invoice
    /// (unless <paramref name="consume"/> is false: a preview changes nothing).
    /// </summary>
    public static void TakeOff(EmulatorState state, Subscription subscription, Invoice invoice, bool consume = true)
    {
        foreach (var id in subscription.Discounts.ToList())
        {
            var discount = state.Discounts.Get(id);
            var coupon = state.Coupons.Get(discount.Coupon);
            var budget = coupon.AmountOff;
            foreach (var line in invoice.Lines.Where(l => !l.Proration && l.Amount > 0))
            {
                var left = line.Amount - line.DiscountAmounts.Sum(d => d.Amount);
                var off = budget is { } b ? Math.Min(b, left) : Math.Min(coupon.Off(line.Amount), left);
                budget -= budget is null ? null : off;
                if (off > 0)
                    line.DiscountAmounts.Add(new DiscountAmount(id, off));
            }
            if (!invoice.Lines.Any(l => l.DiscountAmounts.Any(d => d.Discount == id)))
                continue;
            invoice.Discounts.Add(id);
            if (consume && coupon.Duration == "once")
                Remove(state, subscription, id, EventCause.Automatic);
        }
    }
}
