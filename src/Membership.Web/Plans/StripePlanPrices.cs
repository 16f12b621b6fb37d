using Membership.Web.StripeConnection;
using Stripe;

namespace Membership.Web.Plans;

/// <summary>
/// A plan's product and price in Stripe. The plan key is the price's lookup key, so a price made by another
/// instance, or before a crash, is found before anything is created; a new price takes the lookup key over
/// (<c>transfer_lookup_key</c>), and subscribers on an older price keep theirs.
/// </summary>
public sealed class StripePlanPrices(StripeClient stripe)
{
    /// <summary>Whether Stripe would sell the plan's current price: it exists, is active, charges what the plan says, and so is its product.</summary>
    public async Task<bool> IsSellableAsync(Plan plan, CancellationToken cancellationToken)
    {
        var price = await GetOrNullAsync(() => stripe.V1.Prices.GetAsync(plan.StripePriceId, cancellationToken: cancellationToken));
        return price is not null && Charges(price, plan) && await LiveProductAsync(price.ProductId, cancellationToken) is not null;
    }

    /// <summary>
    /// Points the plan at a sellable price: the lookup key's holder when it is one, else a new price, on
    /// the plan's product when that is live, else on a new product.
    /// </summary>
    public async Task EnsureAsync(Plan plan, CancellationToken cancellationToken)
    {
        var holder = (await stripe.V1.Prices.ListAsync(new PriceListOptions { LookupKeys = [plan.Key], Limit = 1 }, cancellationToken: cancellationToken)).Data.FirstOrDefault();
        if (holder is not null && Charges(holder, plan) && await LiveProductAsync(holder.ProductId, cancellationToken) is not null)
        {
            plan.StripeProductId = holder.ProductId;
            plan.StripePriceId = holder.Id;
            return;
        }

        var knownProduct = plan.StripeProductId ?? holder?.ProductId;
        var product = knownProduct is null ? null : await LiveProductAsync(knownProduct, cancellationToken);
        // Idempotency keys name what they replace: a retry (or a crash before saving) gets the same object
        // back, while replacing an object archived since makes a new one rather than replaying the old.
        product ??= await stripe.V1.Products.CreateAsync(new ProductCreateOptions
        {
            Name = plan.Name,
            Description = string.IsNullOrEmpty(plan.Description) ? null : plan.Description,
            Metadata = new() { ["plan_key"] = plan.Key },
        }, new RequestOptions { IdempotencyKey = $"product-{plan.Key}-replacing-{knownProduct ?? "none"}" }, cancellationToken);

        var replacedPrice = holder?.Id ?? plan.StripePriceId ?? "none";
        var created = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = product.Id,
            UnitAmount = plan.Amount,
            Currency = plan.Currency,
            Recurring = new PriceRecurringOptions { Interval = plan.Interval },
            LookupKey = plan.Key,
            TransferLookupKey = true,
            Metadata = new() { ["plan_key"] = plan.Key },
        }, new RequestOptions { IdempotencyKey = $"price-{plan.Key}-{plan.Amount}-{plan.Currency}-{plan.Interval}-{product.Id}-replacing-{replacedPrice}" }, cancellationToken);
        plan.StripeProductId = product.Id;
        plan.StripePriceId = created.Id;
    }

    /// <summary>The product, unless Stripe does not know it, deleted it or it is archived.</summary>
    public async Task<Product?> LiveProductAsync(string productId, CancellationToken cancellationToken)
    {
        var product = await GetOrNullAsync(() => stripe.V1.Products.GetAsync(productId, cancellationToken: cancellationToken));
        return product is { Active: true, Deleted: not true } ? product : null;
    }

    private static bool Charges(Price price, Plan plan) =>
        price.Active && price.UnitAmount == plan.Amount && price.Currency == plan.Currency && price.Recurring?.Interval == plan.Interval;

    private static async Task<T?> GetOrNullAsync<T>(Func<Task<T>> get)
        where T : class
    {
        try
        {
            return await get();
        }
        catch (StripeException e) when (e.IsResourceMissing())
        {
            return null;
        }
    }
}
