using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>
/// The one writer of subscription state. Every path (webhooks, checkout success, admin and scheduled
/// sync) ends here: lock the reader's row, re-read Stripe's current object, write it. Because the
/// read happens under the lock, the last writer always writes the newest state.
/// </summary>
public sealed class SubscriptionSync(
    MembershipDbContext db, StripeClient stripe, SubscriptionWriter writer, ILogger<SubscriptionSync> logger)
{
    private static readonly SubscriptionGetOptions WithLatestInvoice = new() { Expand = ["latest_invoice", "items.data.price"] };

    public async Task<Guid?> SyncSubscriptionAsync(string subscriptionId, string? customerId, string cause, CancellationToken cancellationToken)
    {
        var readerId = await db.Subscriptions.Where(s => s.StripeSubscriptionId == subscriptionId).Select(s => (Guid?)s.ReaderId).FirstOrDefaultAsync(cancellationToken)
            ?? await ReaderByCustomerAsync(customerId, cancellationToken);
        if (readerId is null)
        {
            // Not linked yet (e.g. this event overtook checkout.session.completed): the subscription names its reader.
            var subscription = await stripe.V1.Subscriptions.GetAsync(subscriptionId, cancellationToken: cancellationToken);
            readerId = await ExistingReaderAsync(subscription.Metadata.GetValueOrDefault(CheckoutMetadata.ReaderId), cancellationToken);
        }
        if (readerId is null)
        {
            logger.LogWarning("Subscription {SubscriptionId} belongs to no known reader; nothing to sync", subscriptionId);
            return null;
        }

        await InReaderLockAsync(readerId.Value, async () =>
        {
            var current = await GetSubscriptionAsync(subscriptionId, cancellationToken);
            if (current is not null)
                await writer.ApplyAsync(readerId.Value, current, cause, cancellationToken);
        }, cancellationToken);
        return readerId;
    }

    public async Task<Guid?> SyncCheckoutSessionAsync(string sessionId, string cause, CancellationToken cancellationToken)
    {
        var session = await stripe.V1.Checkout.Sessions.GetAsync(sessionId, cancellationToken: cancellationToken);
        var readerId = await ExistingReaderAsync(session.ClientReferenceId ?? session.Metadata.GetValueOrDefault(CheckoutMetadata.ReaderId), cancellationToken);
        if (readerId is null)
        {
            logger.LogWarning("Checkout session {SessionId} names no known reader", sessionId);
            return null;
        }
        await InReaderLockAsync(readerId.Value, async () =>
        {
            await writer.LinkCustomerAsync(readerId.Value, session.CustomerId, cancellationToken);
            if (session.SubscriptionId is not null && await GetSubscriptionAsync(session.SubscriptionId, cancellationToken) is { } current)
                await writer.ApplyAsync(readerId.Value, current, cause, cancellationToken);
        }, cancellationToken);
        return readerId;
    }

    /// <summary>Re-reads every subscription of the customer (and those we hold locally) from Stripe.</summary>
    public async Task<Guid?> SyncCustomerAsync(string? customerId, string cause, CancellationToken cancellationToken)
    {
        var readerId = await ReaderByCustomerAsync(customerId, cancellationToken);
        if (readerId is null)
            return null;
        await SyncReaderAsync(readerId.Value, cause, cancellationToken);
        return readerId;
    }

    /// <summary>Admin "sync now" and the scheduled sync. Returns the number of subscriptions written.</summary>
    public async Task<int> SyncReaderAsync(Guid readerId, string cause, CancellationToken cancellationToken)
    {
        var written = 0;
        await InReaderLockAsync(readerId, async () =>
        {
            var customerId = await db.Users.Where(r => r.Id == readerId).Select(r => r.StripeCustomerId).FirstOrDefaultAsync(cancellationToken);
            var known = await db.Subscriptions.Where(s => s.ReaderId == readerId).Select(s => s.StripeSubscriptionId).ToListAsync(cancellationToken);
            var ids = new HashSet<string>(known, StringComparer.Ordinal);
            if (customerId is not null)
            {
                var options = new SubscriptionListOptions { Customer = customerId, Status = "all", Limit = 100 };
                await foreach (var listed in stripe.V1.Subscriptions.ListAutoPagingAsync(options, cancellationToken: cancellationToken))
                    ids.Add(listed.Id);
            }
            foreach (var id in ids.Order(StringComparer.Ordinal))
            {
                if (await GetSubscriptionAsync(id, cancellationToken) is { } current)
                {
                    await writer.ApplyAsync(readerId, current, cause, cancellationToken);
                    written++;
                }
            }
        }, cancellationToken);
        return written;
    }

    public async Task<Guid?> CustomerDeletedAsync(string customerId, string cause, CancellationToken cancellationToken)
    {
        var readerId = await ReaderByCustomerAsync(customerId, cancellationToken);
        if (readerId is null)
            return null;
        await InReaderLockAsync(readerId.Value, async () =>
        {
            foreach (var id in await db.Subscriptions.Where(s => s.StripeCustomerId == customerId).Select(s => s.StripeSubscriptionId).ToListAsync(cancellationToken))
            {
                if (await GetSubscriptionAsync(id, cancellationToken) is { } current)
                    await writer.ApplyAsync(readerId.Value, current, cause, cancellationToken);
                else
                    await writer.MarkGoneAsync(id, cause, cancellationToken);
            }
            await writer.UnlinkCustomerAsync(readerId.Value, customerId, cause, cancellationToken);
        }, cancellationToken);
        return readerId;
    }

    private async Task<Subscription?> GetSubscriptionAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await stripe.V1.Subscriptions.GetAsync(id, WithLatestInvoice, cancellationToken: cancellationToken);
        }
        catch (StripeException e) when (e.StripeError?.Code == "resource_missing")
        {
            return null;
        }
    }

    private async Task InReaderLockAsync(Guid readerId, Func<Task> work, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM readers WHERE id = {readerId} FOR UPDATE", cancellationToken);
            await work();
            await db.SaveChangesAsync(cancellationToken);
            // Delivered to every instance on commit, which evicts the reader's cached entitlement.
            await EntitlementChanges.NotifyAsync(db, readerId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    private async Task<Guid?> ReaderByCustomerAsync(string? customerId, CancellationToken cancellationToken) =>
        customerId is null ? null
            : await db.Users.Where(r => r.StripeCustomerId == customerId).Select(r => (Guid?)r.Id).FirstOrDefaultAsync(cancellationToken);

    private async Task<Guid?> ExistingReaderAsync(string? readerId, CancellationToken cancellationToken) =>
        Guid.TryParse(readerId, out var id) && await db.Users.AnyAsync(r => r.Id == id, cancellationToken) ? id : null;
}
