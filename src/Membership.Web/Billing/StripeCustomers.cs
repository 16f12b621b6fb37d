using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>One Stripe customer per reader, never two, also when requests race.</summary>
public sealed class StripeCustomers(MembershipDbContext db, StripeClient stripe)
{
    public async Task<string> EnsureAsync(Guid readerId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var customerId = await LockReaderAndEnsureAsync(readerId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return customerId;
    }

    /// <summary>
    /// Takes the reader's row lock for the caller's transaction, which serialises this reader's billing
    /// requests on every instance, and returns the reader's customer, created on first use.
    /// </summary>
    public async Task<string> LockReaderAndEnsureAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var reader = await db.Users.FromSqlInterpolated($"SELECT * FROM readers WHERE id = {readerId} FOR UPDATE")
            .FirstAsync(cancellationToken);
        if (reader.StripeCustomerId is { } existing)
            return existing;

        // The idempotency key makes a retried create (after a crash before commit) return the same customer.
        // It changes with each unlinked customer (customer.deleted), else Stripe would replay the deleted one for 24 h.
        var generation = await db.SubscriptionHistory.CountAsync(h => h.ReaderId == readerId && h.Change == SubscriptionWriter.CustomerChange, cancellationToken);
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions
        {
            Email = reader.Email,
            Name = reader.DisplayName,
            Metadata = new() { [CheckoutMetadata.ReaderId] = readerId.ToString() },
        }, new RequestOptions { IdempotencyKey = $"customer-for-reader-{readerId}-{generation}" }, cancellationToken);
        reader.StripeCustomerId = customer.Id;
        await db.SaveChangesAsync(cancellationToken);
        return customer.Id;
    }
}
