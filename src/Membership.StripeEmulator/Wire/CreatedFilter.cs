namespace Membership.StripeEmulator.Wire;

/// <summary>Stripe's <c>created</c> list filter: an exact timestamp or <c>created[gt|gte|lt|lte]</c>.</summary>
internal static class CreatedFilter
{
    public static IEnumerable<T> Apply<T>(IEnumerable<T> items, StripeParams p, string name = "created") where T : StripeObject
    {
        if (!p.Has(name))
            return items;
        if (!p.IsHash(name))
        {
            var exact = p.Long(name);
            return exact is null ? items : items.Where(i => i.Created == exact);
        }
        var range = p.Object(name)!;
        range.AllowOnly("gt", "gte", "lt", "lte");
        var gt = range.Long("gt");
        var gte = range.Long("gte");
        var lt = range.Long("lt");
        var lte = range.Long("lte");
        return items.Where(i => (gt is null || i.Created > gt) && (gte is null || i.Created >= gte)
            && (lt is null || i.Created < lt) && (lte is null || i.Created <= lte));
    }
}
