using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Membership.Web.Plans;

/// <summary>
/// Keeps every plan on sale sellable in Stripe. A plan's price can dangle: archived or deleted in the
/// Dashboard, its product archived, or not there at all (test and live keys switched, an emulator started
/// afresh). At start, and whenever Stripe refuses a plan's price at checkout, such a plan is sold again
/// through <see cref="StripePlanPrices"/> (found by lookup key first, else created), and the new price is
/// recorded. Nothing here holds a transaction across Stripe; the start-up pass runs under an advisory lock
/// so instances starting together make one product and price each.
/// </summary>
public sealed class PlanCatalog(
    MembershipDbContext db, StripePlanPrices prices, NpgsqlDataSource dataSource, TimeProvider time, ILogger<PlanCatalog> logger)
{
    public static IReadOnlyList<Plan> DefaultPlans(DateTimeOffset now) =>
    [
        new() { Key = "adfree-monthly", Name = "Ad-Free Monthly", Description = "Read without ads. Cancel any time.", Amount = 500, Interval = "month", CreatedAt = now, UpdatedAt = now },
        new() { Key = "adfree-yearly", Name = "Ad-Free Yearly", Description = "Read without ads for a year: two months free.", Amount = 5000, Interval = "year", CreatedAt = now, UpdatedAt = now },
    ];

    /// <summary>Seeds the default plans once, then makes every plan on sale sellable in Stripe.</summary>
    public async Task SyncAsync(bool seed, CancellationToken cancellationToken)
    {
        await using var catalogLock = await AdvisoryLock.AcquireAsync(dataSource, AdvisoryLockKeys.PlanCatalog, cancellationToken);
        if (seed && !await db.Plans.AnyAsync(cancellationToken))
        {
            db.Plans.AddRange(DefaultPlans(time.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }
        foreach (var plan in await db.Plans.Where(p => !p.Archived).OrderBy(p => p.Key).ToListAsync(cancellationToken))
        {
            if (plan.StripePriceId is not null && await prices.IsSellableAsync(plan, cancellationToken))
                continue;
            await HealOneAsync(plan, plan.StripePriceId is null ? "not yet in Stripe" : "dangling in Stripe", cancellationToken);
        }
    }

    /// <summary>
    /// Stripe refused <paramref name="planKey"/>'s price (checkout): sells the plan again unless another
    /// request did already. Returns the price to sell at, or null when the plan is no longer on sale.
    /// </summary>
    public async Task<string?> HealAsync(string planKey, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var plan = await db.Plans.FirstOrDefaultAsync(p => p.Key == planKey && !p.Archived, cancellationToken);
        if (plan is null)
            return null;
        if (plan.StripePriceId is not null && await prices.IsSellableAsync(plan, cancellationToken))
            return plan.StripePriceId;
        await HealOneAsync(plan, "refused by Stripe at checkout", cancellationToken);
        return plan.StripePriceId;
    }

    private async Task HealOneAsync(Plan plan, string why, CancellationToken cancellationToken)
    {
        var before = plan.StripePriceId;
        await prices.EnsureAsync(plan, cancellationToken);
        if (plan.StripePriceId == before)
            return;
        plan.UpdatedAt = time.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An admin (or another heal) saved the plan meanwhile (Plan.Version): theirs stands; sell at what it says now.
            await db.Entry(plan).ReloadAsync(cancellationToken);
            logger.LogWarning("Plan {PlanKey} changed while it was being healed: kept the change saved meanwhile (price {PriceId})", plan.Key, plan.StripePriceId);
            return;
        }
        await RecordPriceAsync(db, plan, time.GetUtcNow(), cancellationToken);
        logger.LogWarning("Plan {PlanKey} was {Why}: it now sells at Stripe price {PriceId} (product {ProductId}), replacing {OldPriceId}",
            plan.Key, why, plan.StripePriceId, plan.StripeProductId, before ?? "none");
    }

    /// <summary>Keeps what each Stripe price charges, so revenue counts every subscriber at their own price.</summary>
    public static Task RecordPriceAsync(MembershipDbContext db, Plan plan, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO plan_prices (stripe_price_id, plan_key, amount, currency, interval, recorded_at)
            VALUES ({plan.StripePriceId}, {plan.Key}, {plan.Amount}, {plan.Currency}, {plan.Interval}, {now})
            ON CONFLICT (stripe_price_id) DO NOTHING
            """, cancellationToken);
}
