using System.Security.Claims;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Billing;

public sealed record ReplayResult(string EventId);

/// <summary>An admin's repairs of billing state (sync a reader from Stripe, replay a stored event), each audited.</summary>
public sealed class BillingRepairs(
    MembershipDbContext db, SubscriptionSync sync, StripeEventInbox inbox, StripeEventSignal signal, AuditLog audit, ILogger<BillingRepairs> logger)
{
    public async Task<AdminResult<SyncResult>> SyncReaderAsync(ClaimsPrincipal actor, Guid readerId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(r => r.Id == readerId, cancellationToken))
            return AdminError.NotFound("No reader has this id.");
        ReaderSyncOutcome outcome;
        try
        {
            outcome = await sync.SyncReaderAsync(readerId, "admin sync", cancellationToken);
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"the admin sync of reader {readerId}");
            return AdminError.FromStripe(failure);
        }
        // The sync commits under its own reader lock; the audit row follows it.
        audit.Record(actor, "reader.sync", readerId, null, new { subscriptionsSynced = outcome.Written, missingInStripe = outcome.MissingInStripe });
        await db.SaveChangesAsync(cancellationToken);
        return new SyncResult(readerId, outcome.Written, outcome.MissingInStripe);
    }

    public async Task<AdminResult<ReplayResult>> ReplayAsync(ClaimsPrincipal actor, string eventId, CancellationToken cancellationToken)
    {
        var readerId = await db.StripeEvents.Where(e => e.Id == eventId).Select(e => (Guid?)e.ReaderId).FirstOrDefaultAsync(cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            if (!await inbox.ReplayAsync(eventId, cancellationToken))
                return AdminError.NotFound("No stored Stripe event has this id.");
            audit.Record(actor, "stripe_event.replay", readerId, eventId);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // The inbox woke the worker before the commit; wake it again now the row is visible.
        signal.Notify();
        return new ReplayResult(eventId);
    }
}
