using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>What a sync of one reader did: subscriptions written, and live ones Stripe said it does not know.</summary>
public sealed record ReaderSyncOutcome(int Written, IReadOnlyList<string> MissingInStripe);

/// <summary>
/// The one writer of subscription state. Every path (webhooks, checkout success, admin and scheduled
/// sync) ends here: take a read ticket, re-read Stripe's current objects, then write them in a short
/// transaction under the reader's row lock, over rows last written from an older read only.
/// <para>
/// Why the newest state still wins although Stripe is read outside the lock (so a hanging Stripe holds
/// no transaction, lock or pooled connection): tickets come from one PostgreSQL sequence, so a read that
/// starts later has a greater ticket. After Stripe's last change to a subscription, its event (or any
/// later sync) takes a ticket greater than that of every read begun before the change, and so reads the
/// final state. Its write replaces the older reads' writes, and theirs, if they come later, are refused.
/// The row ends as Stripe's final state whatever order the writes land in, which is what reading under
/// the lock used to guarantee.
/// </para>
/// </summary>
public sealed class SubscriptionSync(
    MembershipDbContext db, StripeClient stripe, SubscriptionReads reads, SubscriptionWriter writer, ILogger<SubscriptionSync> logger)
{
    public async Task<Guid?> SyncSubscriptionAsync(string subscriptionId, string? customerId, string cause, CancellationToken cancellationToken)
    {
        var readerId = await db.Subscriptions.Where(s => s.StripeSubscriptionId == subscriptionId).Select(s => (Guid?)s.ReaderId).FirstOrDefaultAsync(cancellationToken)
            ?? await ReaderByCustomerAsync(customerId, cancellationToken);
        var ticket = await reads.NextTicketAsync(cancellationToken);
        var current = await reads.GetAsync(subscriptionId, cancellationToken);
        // Not linked yet (e.g. this event overtook checkout.session.completed): the subscription names its reader.
        readerId ??= await ExistingReaderAsync(current?.Metadata.GetValueOrDefault(CheckoutMetadata.ReaderId), cancellationToken);
        if (readerId is null)
        {
            logger.LogWarning("Subscription {SubscriptionId} belongs to no known reader; nothing to sync", subscriptionId);
            return null;
        }

        await WriteAsync(readerId.Value, async () =>
        {
            if (current is not null)
                await writer.ApplyAsync(readerId.Value, current, ticket, cause, cancellationToken);
            else
                await writer.ReportMissingAsync(subscriptionId, ticket, cause, cancellationToken);
        }, cancellationToken);
        return readerId;
    }

    public async Task<Guid?> SyncCheckoutSessionAsync(string sessionId, string cause, CancellationToken cancellationToken)
    {
        var ticket = await reads.NextTicketAsync(cancellationToken);
        var session = await stripe.V1.Checkout.Sessions.GetAsync(sessionId, cancellationToken: cancellationToken);
        var readerId = await ExistingReaderAsync(session.ClientReferenceId ?? session.Metadata.GetValueOrDefault(CheckoutMetadata.ReaderId), cancellationToken);
        if (readerId is null)
        {
            logger.LogWarning("Checkout session {SessionId} names no known reader", sessionId);
            return null;
        }
        var current = session.SubscriptionId is null ? null : await reads.GetAsync(session.SubscriptionId, cancellationToken);
        await WriteAsync(readerId.Value, async () =>
        {
            await writer.LinkCustomerAsync(readerId.Value, session.CustomerId, cancellationToken);
            if (current is not null)
                await writer.ApplyAsync(readerId.Value, current, ticket, cause, cancellationToken);
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

    /// <summary>Admin "sync now" and the scheduled sync.</summary>
    public async Task<ReaderSyncOutcome> SyncReaderAsync(Guid readerId, string cause, CancellationToken cancellationToken)
    {
        var ticket = await reads.NextTicketAsync(cancellationToken);
        var customerId = await db.Users.Where(r => r.Id == readerId).Select(r => r.StripeCustomerId).FirstOrDefaultAsync(cancellationToken);
        var known = await db.Subscriptions.Where(s => s.ReaderId == readerId).Select(s => s.StripeSubscriptionId).ToListAsync(cancellationToken);
        var ids = new SortedSet<string>(known, StringComparer.Ordinal);
        if (customerId is not null)
            ids.UnionWith(await reads.ListIdsAsync(customerId, cancellationToken));
        var read = new List<(string Id, Subscription? Current)>();
        foreach (var id in ids)
            read.Add((id, await reads.GetAsync(id, cancellationToken)));

        var written = 0;
        var missing = new List<string>();
        await WriteAsync(readerId, async () =>
        {
            foreach (var (id, current) in read)
            {
                if (current is not null)
                {
                    await writer.ApplyAsync(readerId, current, ticket, cause, cancellationToken);
                    written++;
                }
                else if (await writer.ReportMissingAsync(id, ticket, cause, cancellationToken))
                {
                    missing.Add(id);
                }
            }
        }, cancellationToken);
        return new ReaderSyncOutcome(written, missing);
    }

    /// <summary>
    /// An import: links the reader to the subscription's customer and writes the subscription as a list page
    /// read it. The caller took <paramref name="ticket"/> before asking for that page, so the listed object is
    /// as current as a fresh GET would be and older or newer reads land exactly as with one; re-reading each
    /// of 10,000 subscriptions would cost 10,000 reads of the Stripe budget for nothing.
    /// </summary>
    public async Task ImportListedAsync(Guid readerId, Subscription listed, long ticket, string cause, CancellationToken cancellationToken) =>
        await WriteAsync(readerId, async () =>
        {
            await writer.LinkCustomerAsync(readerId, listed.CustomerId, cancellationToken);
            await writer.ApplyAsync(readerId, listed, ticket, cause, cancellationToken);
        }, cancellationToken);

    public async Task<Guid?> CustomerDeletedAsync(string customerId, string cause, CancellationToken cancellationToken)
    {
        var readerId = await ReaderByCustomerAsync(customerId, cancellationToken);
        if (readerId is null)
            return null;
        var ticket = await reads.NextTicketAsync(cancellationToken);
        var read = new List<(string Id, Subscription? Current)>();
        foreach (var id in await db.Subscriptions.Where(s => s.StripeCustomerId == customerId).Select(s => s.StripeSubscriptionId).ToListAsync(cancellationToken))
            read.Add((id, await reads.GetAsync(id, cancellationToken)));
        await WriteAsync(readerId.Value, async () =>
        {
            foreach (var (id, current) in read)
            {
                if (current is not null)
                    await writer.ApplyAsync(readerId.Value, current, ticket, cause, cancellationToken);
                else
                    await writer.MarkGoneAsync(id, ticket, cause, cancellationToken);
            }
            await writer.UnlinkCustomerAsync(readerId.Value, customerId, cause, cancellationToken);
        }, cancellationToken);
        return readerId;
    }

    /// <summary>The short write: no Stripe call happens in here.</summary>
    private async Task WriteAsync(Guid readerId, Func<Task> write, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT 1 FROM readers WHERE id = {readerId} FOR UPDATE", cancellationToken);
            await write();
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
