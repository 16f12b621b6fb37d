using Membership.Web.Admin;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Plans;

/// <summary>
/// A plan's subscribers are readers, not subscriptions: a reader with two live subscriptions to a
/// plan is one subscriber. Index-only reads of (status, plan_key, reader_id).
/// </summary>
public static class PlanSubscribers
{
    public static Task<Dictionary<string, int>> ByPlanAsync(MembershipDbContext db, CancellationToken cancellationToken) =>
        db.Subscriptions.Where(s => MemberStatuses.Members.Contains(s.Status) && s.PlanKey != null)
            .GroupBy(s => s.PlanKey!).Select(g => new { g.Key, Count = g.Select(s => s.ReaderId).Distinct().Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    public static Task<int> OfPlanAsync(MembershipDbContext db, string planKey, CancellationToken cancellationToken) =>
        db.Subscriptions.Where(s => s.PlanKey == planKey && MemberStatuses.Members.Contains(s.Status))
            .Select(s => s.ReaderId).Distinct().CountAsync(cancellationToken);
}
