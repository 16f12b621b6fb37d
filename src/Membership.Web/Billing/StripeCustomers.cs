using Membership.Web.Data;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>
/// One Stripe customer per reader, never two, also when requests race: callers hold the reader's
/// <see cref="BillingLeases">billing lease</see>, and no transaction is open while Stripe is asked. A
/// customer Stripe no longer knows (deleted in the Dashboard, another account's after a key switch, an
/// emulator started afresh) is unlinked, with a line in the reader's history, and replaced.
/// </summary>
public sealed class StripeCustomers(MembershipDbContext db, StripeClient stripe, TimeProvider time, ILogger<StripeCustomers> logger)
{
    /// <summary>The reader's customer, created on first use.</summary>
    public async Task<string> EnsureAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var reader = await db.Users.AsNoTracking().Where(r => r.Id == readerId)
            .Select(r => new { r.Email, r.DisplayName, r.StripeCustomerId }).FirstAsync(cancellationToken);
        if (reader.StripeCustomerId is { } existing)
            return existing;

        // The idempotency key makes a retried create (after a timeout, or a crash before the link is saved) return
        // the same customer. It changes with each unlinked customer, else Stripe would replay the gone one for 24 h.
        var generation = await db.SubscriptionHistory.CountAsync(h => h.ReaderId == readerId && h.Change == SubscriptionWriter.CustomerChange, cancellationToken);
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = reader.Email,
            Name = reader.DisplayName,
            Metadata = new() { [CheckoutMetadata.ReaderId] = readerId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"customer-for-reader-{readerId}-{generation}" }, cancellationToken);
        var linked = await db.Users.Where(r => r.Id == readerId && r.StripeCustomerId == null)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.StripeCustomerId, customer.Id), cancellationToken);
        return linked == 1 ? customer.Id
            : await db.Users.Where(r => r.Id == readerId).Select(r => r.StripeCustomerId).FirstAsync(cancellationToken) ?? customer.Id;
    }

    /// <summary>
    /// Stripe refused a request naming <paramref name="suspect"/>: when Stripe does not know that customer
    /// (or deleted it), a new one takes its place and is returned; otherwise null (the refusal stands).
    /// </summary>
    public async Task<string?> ReplaceIfGoneAsync(Guid readerId, string suspect, CancellationToken cancellationToken)
    {
        if (!await IsGoneAsync(suspect, cancellationToken))
            return null;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var unlinked = await db.Users.Where(r => r.Id == readerId && r.StripeCustomerId == suspect)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.StripeCustomerId, (string?)null), cancellationToken);
            if (unlinked == 1)
            {
                db.SubscriptionHistory.Add(new SubscriptionHistoryEntry
                {
                    ReaderId = readerId,
                    Change = SubscriptionWriter.CustomerChange,
                    From = suspect,
                    Cause = "Stripe no longer knows the customer (found at checkout)",
                    OccurredAt = time.GetUtcNow(),
                });
                await db.SaveChangesAsync(cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        logger.LogWarning("Reader {ReaderId}'s Stripe customer {CustomerId} is gone from Stripe; a new one replaces it", readerId, suspect);
        return await EnsureAsync(readerId, cancellationToken);
    }

    private async Task<bool> IsGoneAsync(string customerId, CancellationToken cancellationToken)
    {
        try
        {
            return (await stripe.V1.Customers.GetAsync(customerId, cancellationToken: cancellationToken)).Deleted == true;
        }
        catch (StripeException e) when (e.IsResourceMissing())
        {
            return true;
        }
    }
}
