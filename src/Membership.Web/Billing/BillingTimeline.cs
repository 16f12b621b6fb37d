using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Billing;

/// <summary>Money events that do not change access (refunds, disputes) but belong in the reader's history.</summary>
public sealed class BillingTimeline(MembershipDbContext db, TimeProvider time)
{
    public async Task<Guid?> RecordMoneyEventAsync(string? customerId, string change, string description, string cause, CancellationToken cancellationToken)
    {
        if (customerId is null)
            return null;
        var readerId = await db.Users.Where(r => r.StripeCustomerId == customerId).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);
        if (readerId is null)
            return null;
        // The cause names the event id, so a reprocessed event does not record twice.
        if (await db.SubscriptionHistory.AnyAsync(h => h.ReaderId == readerId && h.Cause == cause, cancellationToken))
            return readerId;
        db.SubscriptionHistory.Add(new SubscriptionHistoryEntry
        {
            ReaderId = readerId.Value,
            Change = change,
            To = description,
            Cause = cause,
            OccurredAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return readerId;
    }
}
