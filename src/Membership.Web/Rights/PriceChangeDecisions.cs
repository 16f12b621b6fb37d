using System.Security.Claims;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Rights;

public sealed record PriceChangeRequest(string? ExistingSubscribers);

/// <summary>A plan's older prices (same currency and interval) with their live subscribers, and the choice made for them if any.</summary>
public sealed record PriceChangeState(IReadOnlyList<string> FromPriceIds, int Subscribers, string? Decided, int NoticeDays);

public sealed record PriceChangeDecision(string PlanKey, string ToPriceId, string ExistingSubscribers, int NoticeDays, IReadOnlyList<string> FromPriceIds, int Subscribers);

/// <summary>
/// The admin's per-change choice after a plan's price changed (a price change itself keeps every subscriber on their
/// price): <c>move</c> the subscribers of the plan's older prices to the current one after a notice of
/// <see cref="LegalOptions.PriceChangeNoticeDays"/> days, or <c>grandfather</c> them (keep theirs for good). Only older
/// prices of the same currency and interval can move; the others stay as they are.
/// </summary>
public sealed class PriceChangeDecisions(MembershipDbContext db, AuditLog audit, IOptions<LegalOptions> legal, TimeProvider time)
{
    public const string Move = "move";
    public const string Grandfather = "grandfather";

    public async Task<AdminResult<PriceChangeDecision>> DecideAsync(ClaimsPrincipal actor, string planKey, PriceChangeRequest request, CancellationToken cancellationToken)
    {
        if (request.ExistingSubscribers is not (Move or Grandfather))
            return AdminError.Invalid(new Dictionary<string, string[]> { ["existingSubscribers"] = [$"Choose \"{Move}\" or \"{Grandfather}\"."] });
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == planKey, cancellationToken);
        if (plan is null)
            return AdminError.NotFound($"No plan has the key '{planKey}'.");
        var older = await OlderPricesAsync(plan, cancellationToken);
        if (older.Count == 0)
            return AdminError.Conflict("The plan has no older price of the same currency and interval: there is no one to move or keep.");

        var noticeDays = legal.Value.PriceChangeNoticeDays;
        var now = time.GetUtcNow();
        var actorName = AuditLog.ActorOf(actor);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var from in older)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO price_changes (plan_key, from_price_id, to_price_id, existing_subscribers, notice_days, decided_at, decided_by)
                VALUES ({planKey}, {from}, {plan.StripePriceId}, {request.ExistingSubscribers}, {noticeDays}, {now}, {actorName})
                ON CONFLICT (from_price_id) DO UPDATE SET to_price_id = excluded.to_price_id, existing_subscribers = excluded.existing_subscribers,
                    notice_days = excluded.notice_days, decided_at = excluded.decided_at, decided_by = excluded.decided_by
                """, cancellationToken);
        }
        audit.Record(actor, "plan.price_change", null, planKey,
            new { existingSubscribers = request.ExistingSubscribers, from = older, to = plan.StripePriceId, noticeDays });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        var subscribers = await SubscribersAsync(older, cancellationToken);
        return new PriceChangeDecision(planKey, plan.StripePriceId!, request.ExistingSubscribers, noticeDays, older, subscribers);
    }

    /// <summary>What the plan page offers to decide: null when the plan has no older price anyone could be moved from.</summary>
    public async Task<PriceChangeState?> StateAsync(string planKey, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == planKey, cancellationToken);
        if (plan?.StripePriceId is null || await OlderPricesAsync(plan, cancellationToken) is not { Count: > 0 } older)
            return null;
        var decided = await db.Database.SqlQuery<string>($"""
            SELECT existing_subscribers AS "Value" FROM price_changes WHERE plan_key = {planKey} AND to_price_id = {plan.StripePriceId}
            ORDER BY decided_at DESC LIMIT 1
            """).ToListAsync(cancellationToken);
        return new PriceChangeState(older, await SubscribersAsync(older, cancellationToken), decided.FirstOrDefault(), legal.Value.PriceChangeNoticeDays);
    }

    private async Task<List<string>> OlderPricesAsync(Plans.Plan plan, CancellationToken cancellationToken) =>
        plan.StripePriceId is null ? [] : await db.Set<PlanPrice>().AsNoTracking()
            .Where(p => p.PlanKey == plan.Key && p.StripePriceId != plan.StripePriceId && p.Currency == plan.Currency && p.Interval == plan.Interval)
            .Select(p => p.StripePriceId).ToListAsync(cancellationToken);

    // Subscriptions still running on an older price (Stripe's live statuses): the ones a move would reach.
    private Task<int> SubscribersAsync(List<string> older, CancellationToken cancellationToken) =>
        db.Subscriptions.CountAsync(s => s.StripePriceId != null && older.Contains(s.StripePriceId)
            && StripeSubscriptionStatuses.MayGrantAccess.Contains(s.Status), cancellationToken);
}
