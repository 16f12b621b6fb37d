using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.MyAccount;

/// <summary>The membership the account pages show: the reader's current subscription (a live one before an ended one) and their entitlement.</summary>
public sealed class AccountMembership(MembershipDbContext db, ReaderEntitlements entitlements)
{
    public async Task<MembershipSummary> SummaryAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking()
            .Where(s => s.ReaderId == readerId)
            .OrderByDescending(s => LiveSubscriptions.Statuses.Contains(s.Status))
            .ThenByDescending(s => s.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var planName = subscription?.PlanKey is { } key
            ? await db.Plans.AsNoTracking().Where(p => p.Key == key).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var decision = await entitlements.EvaluateAsync(readerId, cancellationToken);
        return MembershipSummary.From(subscription, planName, decision);
    }
}
