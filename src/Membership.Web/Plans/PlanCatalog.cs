using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Stripe;

namespace Membership.Web.Plans;

/// <summary>
/// Keeps each plan's Stripe product and price. Found by lookup key before anything is created, and
/// created with idempotency keys under an advisory lock, so instances starting together make one of each.
/// </summary>
public sealed class PlanCatalog(MembershipDbContext db, StripeClient stripe, NpgsqlDataSource dataSource, TimeProvider time, ILogger<PlanCatalog> logger)
{
    private const long CatalogLockKey = 0x706c616e73;

    public static IReadOnlyList<Plan> DefaultPlans(DateTimeOffset now) =>
    [
        new() { Key = "adfree-monthly", Name = "Ad-Free Monthly", Description = "Read without ads. Cancel any time.", Amount = 500, Interval = "month", CreatedAt = now, UpdatedAt = now },
        new() { Key = "adfree-yearly", Name = "Ad-Free Yearly", Description = "Read without ads for a year: two months free.", Amount = 5000, Interval = "year", CreatedAt = now, UpdatedAt = now },
    ];

    /// <summary>Seeds the default plans once, then gives every plan without a Stripe price its product and price.</summary>
    public async Task SyncAsync(bool seed, CancellationToken cancellationToken)
    {
        await using var catalogLock = await AdvisoryLock.AcquireAsync(dataSource, CatalogLockKey, cancellationToken);
        if (seed && !await db.Plans.AnyAsync(cancellationToken))
        {
            db.Plans.AddRange(DefaultPlans(time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
        foreach (var plan in await db.Plans.Where(p => p.StripePriceId == null && !p.Archived).ToListAsync(cancellationToken))
            await EnsureInStripeAsync(plan, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Finds or creates the plan's product and a price matching its amount, currency and interval.</summary>
    public async Task EnsureInStripeAsync(Plan plan, CancellationToken cancellationToken)
    {
        var existing = await stripe.V1.Prices.ListAsync(new PriceListOptions { LookupKeys = [plan.Key], Limit = 1 }, cancellationToken: cancellationToken);
        var price = existing.Data.FirstOrDefault();
        if (price is not null && price.UnitAmount == plan.Amount && price.Currency == plan.Currency && price.Recurring?.Interval == plan.Interval)
        {
            plan.StripeProductId = price.ProductId;
            plan.StripePriceId = price.Id;
            return;
        }

        plan.StripeProductId ??= price?.ProductId ?? (await stripe.V1.Products.CreateAsync(new ProductCreateOptions
        {
            Name = plan.Name,
            Description = string.IsNullOrEmpty(plan.Description) ? null : plan.Description,
            Metadata = new() { ["plan_key"] = plan.Key },
        }, new RequestOptions { IdempotencyKey = $"product-{plan.Key}" }, cancellationToken)).Id;

        // The lookup key moves to the new price; subscribers on the old price keep it.
        var created = await stripe.V1.Prices.CreateAsync(new PriceCreateOptions
        {
            Product = plan.StripeProductId,
            UnitAmount = plan.Amount,
            Currency = plan.Currency,
            Recurring = new PriceRecurringOptions { Interval = plan.Interval },
            LookupKey = plan.Key,
            TransferLookupKey = true,
            Metadata = new() { ["plan_key"] = plan.Key },
        }, new RequestOptions { IdempotencyKey = $"price-{plan.Key}-{plan.Amount}-{plan.Currency}-{plan.Interval}" }, cancellationToken);
        plan.StripePriceId = created.Id;
        logger.LogInformation("Plan {PlanKey} now sells at Stripe price {PriceId}", plan.Key, created.Id);
    }
}
