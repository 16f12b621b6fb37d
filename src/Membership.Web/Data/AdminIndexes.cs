using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Data;

/// <summary>
/// Indexes for the admin console's reads of tables that other features own and configure; kept
/// here, beside the context, so those features' configurations stay about their own queries.
/// </summary>
public static class AdminIndexes
{
    public static ModelBuilder HasAdminIndexes(this ModelBuilder builder)
    {
        // Members (distinct readers by status), subscribers per plan and of one plan: index-only scans.
        builder.Entity<MemberSubscription>().HasIndex(s => new { s.Status, s.PlanKey, s.ReaderId });
        // The webhook event log's keyset, (received_at, id) < (t, x), newest first; and the same filtered by type.
        builder.Entity<StripeEventRecord>().HasIndex(e => new { e.ReceivedAt, e.Id });
        builder.Entity<StripeEventRecord>().HasIndex(e => new { e.Type, e.ReceivedAt, e.Id });
        return builder;
    }
}
