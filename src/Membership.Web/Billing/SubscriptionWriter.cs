using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>
/// Writes Stripe's current subscription object into the local row and records what changed.
/// Called only by <see cref="SubscriptionSync"/>, inside its transaction and reader lock, with the ticket
/// of the Stripe read being written: a row last written from a newer read is left alone.
/// </summary>
public sealed class SubscriptionWriter(MembershipDbContext db, TimeProvider time, ILogger<SubscriptionWriter> logger)
{
    /// <summary>The history entry of a customer unlinked from its reader (deleted in Stripe).</summary>
    public const string CustomerChange = "customer";

    /// <summary>The history entry of a live subscription Stripe answers "no such subscription" for.</summary>
    public const string MissingChange = "missing_in_stripe";

    public async Task ApplyAsync(Guid readerId, Subscription current, long ticket, string cause, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var local = await db.Subscriptions.FirstOrDefaultAsync(s => s.StripeSubscriptionId == current.Id, cancellationToken);
        if (IsNewer(local, ticket, cause))
            return;
        var isNew = local is null;
        local ??= db.Subscriptions.Add(new MemberSubscription
        {
            StripeSubscriptionId = current.Id,
            ReaderId = readerId,
            StripeCustomerId = current.CustomerId,
            Status = "none",
            CreatedAt = now,
        }).Entity;

        var items = current.Items?.Data ?? [];
        var price = items.FirstOrDefault()?.Price;
        // Periods live on the items (API 2025-03 on); with several, the subscription runs to the last one's end.
        DateTimeOffset? periodEnd = items.Count == 0 ? null : StripeTime.From(items.Max(i => i.CurrentPeriodEnd));
        var cancelAt = StripeTime.From(current.CancelAt);
        var before = (local.Status, local.CancelAtPeriodEnd, local.CancelAt, local.CurrentPeriodEnd, local.PlanKey, local.CollectionPaused, local.PauseResumesAt);

        local.PlanKey = await PlanKeyAsync(price, cancellationToken) ?? local.PlanKey;
        local.StripePriceId = price?.Id ?? local.StripePriceId;
        local.Status = current.Status;
        local.CurrentPeriodEnd = periodEnd;
        local.CancelAtPeriodEnd = current.CancelAtPeriodEnd;
        local.CancelAt = cancelAt;
        local.CanceledAt = StripeTime.From(current.CanceledAt);
        local.TrialEnd = StripeTime.From(current.TrialEnd);
        local.CollectionPaused = current.PauseCollection is not null;
        local.PauseResumesAt = current.PauseCollection?.ResumesAt is { } resumesAt ? StripeTime.From(resumesAt) : null;
        // Consent at checkout: the version shown there, accepted when the reader paid (the subscription's creation).
        if (CheckoutMetadata.Terms(current.Metadata) is { } terms)
            (local.TermsVersion, local.TermsAcceptedAt) = (terms, StripeTime.From(current.Created));
        local.FirstFailedPaymentAt = FirstFailure(local, before.Status, current, now);
        local.StripeCreatedAt = StripeTime.From(current.Created);
        local.UpdatedAt = now;
        local.ReadTicket = ticket;

        if (isNew || before.Status != local.Status)
            Record(local, "status", isNew ? null : before.Status, local.Status, cause, now);
        if (!isNew && (before.CancelAtPeriodEnd != local.CancelAtPeriodEnd || before.CancelAt != local.CancelAt))
            Record(local, "scheduled_cancel", Describe(before.CancelAtPeriodEnd, before.CancelAt, before.CurrentPeriodEnd), Describe(local.CancelAtPeriodEnd, local.CancelAt, local.CurrentPeriodEnd), cause, now);
        if (!isNew && before.CurrentPeriodEnd != local.CurrentPeriodEnd)
            Record(local, "period_end", before.CurrentPeriodEnd?.ToString("O"), local.CurrentPeriodEnd?.ToString("O"), cause, now);
        if (before.CollectionPaused != local.CollectionPaused || before.PauseResumesAt != local.PauseResumesAt)
            Record(local, "pause", DescribePause(before.CollectionPaused, before.PauseResumesAt), DescribePause(local.CollectionPaused, local.PauseResumesAt), cause, now);
        if (!isNew && before.PlanKey != local.PlanKey)
            Record(local, "plan", before.PlanKey, local.PlanKey, cause, now);
    }

    public async Task LinkCustomerAsync(Guid readerId, string? customerId, CancellationToken cancellationToken)
    {
        if (customerId is null)
            return;
        var reader = await db.Users.FirstAsync(r => r.Id == readerId, cancellationToken);
        reader.StripeCustomerId ??= customerId;
    }

    public async Task UnlinkCustomerAsync(Guid readerId, string customerId, string cause, CancellationToken cancellationToken)
    {
        var reader = await db.Users.FirstAsync(r => r.Id == readerId, cancellationToken);
        if (reader.StripeCustomerId != customerId)
            return;
        reader.StripeCustomerId = null;
        db.SubscriptionHistory.Add(new SubscriptionHistoryEntry
        {
            ReaderId = readerId,
            Change = CustomerChange,
            From = customerId,
            To = null,
            Cause = cause,
            OccurredAt = time.GetUtcNow(),
        });
    }

    /// <summary>Stripe no longer knows the subscription (its customer was deleted): nothing is live any more.</summary>
    public async Task MarkGoneAsync(string subscriptionId, long ticket, string cause, CancellationToken cancellationToken)
    {
        var local = await db.Subscriptions.FirstOrDefaultAsync(s => s.StripeSubscriptionId == subscriptionId, cancellationToken);
        if (local is null || local.Status == "canceled" || IsNewer(local, ticket, cause))
            return;
        var now = time.GetUtcNow();
        Record(local, "status", local.Status, "canceled", cause, now);
        local.Status = "canceled";
        local.CanceledAt ??= now;
        local.UpdatedAt = now;
        local.ReadTicket = ticket;
    }

    /// <summary>
    /// Stripe answers "no such subscription" for one that is live here: a deleted customer whose webhook was
    /// lost, switched API keys, or a Stripe account that lost its data. Access is not taken away on that word
    /// alone (it may be our configuration that is wrong): the subscription is kept as it is, logged, and put
    /// in the reader's history once, where an admin sees it. Returns whether it is live here.
    /// </summary>
    public async Task<bool> ReportMissingAsync(string subscriptionId, long ticket, string cause, CancellationToken cancellationToken)
    {
        var local = await db.Subscriptions.FirstOrDefaultAsync(s => s.StripeSubscriptionId == subscriptionId, cancellationToken);
        if (local is null || !LiveSubscriptions.IsLive(local.Status) || IsNewer(local, ticket, cause))
            return false;
        logger.LogWarning("Subscription {SubscriptionId} of reader {ReaderId} is {Status} here but unknown to Stripe ({Cause})",
            subscriptionId, local.ReaderId, local.Status, cause);
        var last = await db.SubscriptionHistory.Where(h => h.StripeSubscriptionId == subscriptionId)
            .OrderByDescending(h => h.Id).Select(h => h.Change).FirstOrDefaultAsync(cancellationToken);
        // Read, even if Stripe had nothing to say: the renewal check need not ask again every minute.
        local.UpdatedAt = time.GetUtcNow();
        local.ReadTicket = ticket;
        if (last != MissingChange)
            Record(local, MissingChange, local.Status, "unknown to Stripe", cause, local.UpdatedAt);
        return true;
    }

    private bool IsNewer(MemberSubscription? local, long ticket, string cause)
    {
        if (local is null || local.ReadTicket <= ticket)
            return false;
        logger.LogDebug("Subscription {SubscriptionId}: a newer read is written already; this older one is dropped ({Cause})", local.StripeSubscriptionId, cause);
        return true;
    }

    /// <summary>
    /// The grace period counts from the first failed payment of the invoice that made the subscription
    /// past_due. That is read from Stripe's invoice (when it was finalized, which is when the first
    /// attempt ran), so it does not depend on which event we happened to see first.
    /// </summary>
    private static DateTimeOffset? FirstFailure(MemberSubscription local, string previousStatus, Subscription current, DateTimeOffset now)
    {
        if (!StripeSubscriptionStatuses.IsFailing(current.Status))
            return null;
        if (StripeSubscriptionStatuses.IsFailing(previousStatus) && local.FirstFailedPaymentAt is not null)
            return local.FirstFailedPaymentAt;
        var finalized = current.LatestInvoice?.StatusTransitions?.FinalizedAt;
        return finalized is null ? now : StripeTime.From(finalized.Value);
    }

    private async Task<string?> PlanKeyAsync(Price? price, CancellationToken cancellationToken)
    {
        if (price is null)
            return null;
        // The product outlives price changes; the lookup key moves to the newest price.
        return await db.Plans.Where(p => p.StripeProductId == price.ProductId || p.StripePriceId == price.Id || p.Key == price.LookupKey)
            .Select(p => p.Key).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Every change is kept in the reader's history and logged, so a sync's repairs can be read in the log too.</summary>
    private void Record(MemberSubscription local, string change, string? from, string? to, string cause, DateTimeOffset now)
    {
        logger.LogInformation("Subscription {SubscriptionId}: {Change} {From} -> {To} ({Cause})", local.StripeSubscriptionId, change, from ?? "none", to ?? "none", cause);
        db.SubscriptionHistory.Add(new SubscriptionHistoryEntry
        {
            ReaderId = local.ReaderId,
            StripeSubscriptionId = local.StripeSubscriptionId,
            Change = change,
            From = from,
            To = to,
            Cause = cause,
            OccurredAt = now,
        });
    }

    private static string DescribePause(bool paused, DateTimeOffset? resumesAt) =>
        !paused ? "collecting" : resumesAt is { } at ? $"paused until {at:O}" : "paused";

    private static string Describe(bool atPeriodEnd, DateTimeOffset? cancelAt, DateTimeOffset? periodEnd) =>
        atPeriodEnd ? $"cancel at period end ({periodEnd:O})" : cancelAt is { } at ? $"cancel at {at:O}" : "renews";
}
