using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>Loads a reader's facts (one indexed read each) and asks <see cref="EntitlementPolicy"/>.</summary>
public sealed class ReaderEntitlements(MembershipDbContext db, TimeProvider time, IOptions<MembershipOptions> options)
{
    public async Task<EntitlementDecision> EvaluateAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var subscriptions = await (
            from s in db.Subscriptions.AsNoTracking()
            where s.ReaderId == readerId
            join p in db.Plans.AsNoTracking() on s.PlanKey equals p.Key into plans
            from plan in plans.DefaultIfEmpty()
            select new SubscriptionFacts(s.StripeSubscriptionId, s.PlanKey, s.Status, s.CurrentPeriodEnd, s.CancelAtPeriodEnd,
                s.CancelAt, s.FirstFailedPaymentAt, plan == null ? new List<string>() : plan.Features, s.CreatedAt))
            .ToListAsync(cancellationToken);
        var grants = await db.Grants.AsNoTracking().Where(g => g.ReaderId == readerId)
            .Select(g => new GrantFacts(g.Id, g.Feature, g.StartsAt, g.Until, g.EndedAt))
            .ToListAsync(cancellationToken);
        return EntitlementPolicy.Evaluate(readerId, subscriptions, grants, TimeSpan.FromDays(options.Value.GracePeriodDays), time.GetUtcNow());
    }
}
