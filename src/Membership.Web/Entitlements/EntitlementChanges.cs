using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Entitlements;

/// <summary>
/// The announcement every entitlement change makes (docs/architecture.md, rule 4). Call it inside the
/// transaction that makes the change: PostgreSQL delivers it on commit, to every instance, which
/// then forgets what it cached about the reader. Deleting a reader is such a change.
/// Each change is also written to <c>entitlement_changes</c> (with its transaction id), so an instance
/// whose listener was away forgets only the readers changed meanwhile (<see cref="ChangeListener"/>).
/// </summary>
public static class EntitlementChanges
{
    public const string Channel = "entitlement_changed";

    public static async Task NotifyAsync(MembershipDbContext db, Guid readerId, CancellationToken cancellationToken)
    {
        // entitlement_changes lets a listener that was away catch up (ChangeListener); the mark is the durable
        // outbox entry for sites' entitlement events (Webhooks/EntitlementEventRecorder); both in the change's transaction.
        await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO entitlement_changes (reader_id) VALUES ({readerId}); INSERT INTO entitlement_event_marks (reader_id) VALUES ({readerId})", cancellationToken);
        await ChangeNotifier.NotifyAsync(db, Channel, readerId.ToString(), cancellationToken);
    }

    /// <summary>A change that may touch any reader (a plan's features): every instance forgets everything it cached.</summary>
    public static async Task NotifyAllAsync(MembershipDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.ExecuteSqlRawAsync("INSERT INTO entitlement_changes (reader_id) VALUES (NULL)", cancellationToken);
        await ChangeNotifier.NotifyAsync(db, Channel, "*", cancellationToken);
    }
}
