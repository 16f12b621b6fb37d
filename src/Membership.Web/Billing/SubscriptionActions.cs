using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>Changes the reader asks for: made in Stripe, then written back through the one sync path.</summary>
public sealed class SubscriptionActions(MembershipDbContext db, StripeClient stripe, SubscriptionSync sync, CustomerSubscriptions customerSubscriptions, TimeProvider time)
{
    /// <summary>
    /// Cancels at period end (or resumes). A cancellation records when it was declared in the subscription's metadata
    /// (<see cref="CheckoutMetadata.CancelDeclaredAt"/>): the confirmation mail sent on Stripe's update event reads it there.
    /// </summary>
    public async Task<bool> SetCancelAtPeriodEndAsync(Guid readerId, bool cancel, CancellationToken cancellationToken, DateTimeOffset? declaredAt = null)
    {
        var subscription = await LiveAsync(readerId, cancellationToken);
        if (subscription is null)
            return false;
        var update = cancel
            ? new SubscriptionUpdateOptions
            {
                CancelAtPeriodEnd = true,
                Metadata = new Dictionary<string, string> { [CheckoutMetadata.CancelDeclaredAt] = (declaredAt ?? time.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }
            : await ResumeAsync(subscription.StripeSubscriptionId, cancellationToken);
        try
        {
            if (update is not null)
                await stripe.V1.Subscriptions.UpdateAsync(subscription.StripeSubscriptionId, update, cancellationToken: cancellationToken);
        }
        catch (StripeException e) when (e.AsStripeFailure(cancellationToken) is { Transient: false })
        {
            // Stripe holds something else than we do (e.g. the subscription ended while its webhook was lost):
            // learn what it holds, then let the refusal be told.
            await sync.SyncSubscriptionAsync(subscription.StripeSubscriptionId, subscription.StripeCustomerId, "Stripe refused the reader's change", cancellationToken);
            throw;
        }
        await sync.SyncSubscriptionAsync(subscription.StripeSubscriptionId, subscription.StripeCustomerId,
            cancel ? "reader cancelled at period end" : "reader resumed", cancellationToken);
        return true;
    }

    /// <summary>
    /// Account deletion: end every live subscription in Stripe at once, so nobody is billed for a deleted account.
    /// Stripe's list is asked too, since a subscription whose webhooks are late or lost is not known here.
    /// </summary>
    public async Task CancelAllAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var live = await db.Subscriptions.Where(s => s.ReaderId == readerId && LiveSubscriptions.Statuses.Contains(s.Status))
            .Select(s => s.StripeSubscriptionId).ToListAsync(cancellationToken);
        var customerId = await db.Users.Where(r => r.Id == readerId).Select(r => r.StripeCustomerId).FirstOrDefaultAsync(cancellationToken);
        var inStripe = customerId is null ? [] : await customerSubscriptions.ListAllAsync(customerId, cancellationToken);
        // A local row can be stale the other way too: one Stripe has ended cannot be cancelled again.
        var ended = inStripe.Where(s => !LiveSubscriptions.IsLive(s.Status)).Select(s => s.Id).ToHashSet(StringComparer.Ordinal);
        var toCancel = live.Concat(inStripe.Where(s => LiveSubscriptions.IsLive(s.Status)).Select(s => s.Id))
            .Where(id => !ended.Contains(id)).Distinct(StringComparer.Ordinal);
        foreach (var id in toCancel)
        {
            await stripe.V1.Subscriptions.CancelAsync(id, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// Undoing a scheduled cancellation the way it was made: in flexible billing mode (the portal among
    /// others) it is <c>cancel_at</c> alone, cleared with an empty value; otherwise <c>cancel_at_period_end</c>.
    /// Stripe refuses the two parameters together, so Stripe's current object decides which one is sent.
    /// </summary>
    private async Task<SubscriptionUpdateOptions?> ResumeAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        var current = await stripe.V1.Subscriptions.GetAsync(subscriptionId, cancellationToken: cancellationToken);
        // A resumed subscription forgets its declaration, so a later cancellation elsewhere is not mailed with a stale time.
        var forget = new Dictionary<string, string> { [CheckoutMetadata.CancelDeclaredAt] = "" };
        if (current.CancelAtPeriodEnd)
            return new SubscriptionUpdateOptions { CancelAtPeriodEnd = false, Metadata = forget };
        if (current.CancelAt is null)
            return null;
        var update = new SubscriptionUpdateOptions { Metadata = forget };
        update.AddExtraParam("cancel_at", "");
        return update;
    }

    private Task<MemberSubscription?> LiveAsync(Guid readerId, CancellationToken cancellationToken) =>
        db.Subscriptions.AsNoTracking()
            .Where(s => s.ReaderId == readerId && StripeSubscriptionStatuses.MayGrantAccess.Contains(s.Status))
            .OrderByDescending(s => s.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
}
