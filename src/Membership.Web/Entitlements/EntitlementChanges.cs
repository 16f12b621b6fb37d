using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Entitlements;

/// <summary>
/// The announcement every entitlement change makes (docs/architecture.md, rule 4). Call it inside the
/// transaction that makes the change: PostgreSQL delivers it on commit, to every instance, which
/// then forgets what it cached about the reader. Deleting a reader is such a change.
/// </summary>
public static class EntitlementChanges
{
    public const string Channel = "entitlement_changed";

    public static Task NotifyAsync(MembershipDbContext db, Guid readerId, CancellationToken cancellationToken) =>
        // The mark is the durable outbox entry for sites' entitlement events (Webhooks/EntitlementEventRecorder), in the same transaction.
        db.Database.ExecuteSqlInterpolatedAsync(
            $"WITH n AS (SELECT pg_notify({Channel}, {readerId.ToString()})) INSERT INTO entitlement_event_marks (reader_id) SELECT {readerId} FROM n", cancellationToken);

    /// <summary>A change that may touch any reader (a plan's features): every instance forgets everything it cached.</summary>
    public static Task NotifyAllAsync(MembershipDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_notify({Channel}, {"*"})", cancellationToken);
}
