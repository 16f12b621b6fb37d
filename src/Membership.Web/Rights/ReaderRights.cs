using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Rights;

public enum RightOutcome { Done, NoSubscription, NotAllowed }

public sealed record RightResult(RightOutcome Outcome, string? Detail = null, DateTimeOffset? At = null);

/// <summary>
/// Pause and withdrawal: made in Stripe, then written back through the one sync path
/// (<see cref="SubscriptionSync"/>), as every other change of a subscription.
/// </summary>
public sealed class ReaderRights(
    MembershipDbContext db, StripeClient stripe, SubscriptionSync sync, RightsMail mail, IOptions<LegalOptions> legal, TimeProvider time)
{
    public async Task<RightResult> PauseAsync(Guid readerId, int months, CancellationToken cancellationToken)
    {
        var subscription = await RenewingAsync(readerId, cancellationToken);
        if (subscription is null)
            return new RightResult(RightOutcome.NoSubscription);
        // Stripe's test clock, when the subscription runs on one, is "now" for resumes_at.
        var current = await stripe.V1.Subscriptions.GetAsync(subscription.StripeSubscriptionId, new SubscriptionGetOptions { Expand = ["test_clock"] }, cancellationToken: cancellationToken);
        var now = current.TestClock?.FrozenTime is { } frozen ? new DateTimeOffset(frozen, TimeSpan.Zero) : time.GetUtcNow();
        var resumesAt = now.AddMonths(months);
        await stripe.V1.Subscriptions.UpdateAsync(subscription.StripeSubscriptionId, new SubscriptionUpdateOptions
        {
            PauseCollection = new SubscriptionPauseCollectionOptions { Behavior = "void", ResumesAt = resumesAt.UtcDateTime },
        }, cancellationToken: cancellationToken);
        await sync.SyncSubscriptionAsync(subscription.StripeSubscriptionId, subscription.StripeCustomerId, $"reader paused for {months} month(s)", cancellationToken);
        if (await EmailAsync(readerId, cancellationToken) is { } email)
            mail.Paused(email, resumesAt);
        return new RightResult(RightOutcome.Done, At: resumesAt);
    }

    public async Task<RightResult> UnpauseAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var subscription = await RenewingAsync(readerId, cancellationToken);
        if (subscription is null)
            return new RightResult(RightOutcome.NoSubscription);
        var update = new SubscriptionUpdateOptions();
        update.AddExtraParam("pause_collection", "");
        await stripe.V1.Subscriptions.UpdateAsync(subscription.StripeSubscriptionId, update, cancellationToken: cancellationToken);
        await sync.SyncSubscriptionAsync(subscription.StripeSubscriptionId, subscription.StripeCustomerId, "reader resumed a pause", cancellationToken);
        return new RightResult(RightOutcome.Done);
    }

    /// <summary>The last day the right of withdrawal holds for the reader's membership, or null when it does not.</summary>
    public async Task<DateTimeOffset?> WithdrawableUntilAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var subscription = await RenewingAsync(readerId, cancellationToken);
        if (subscription is null || legal.Value.WithdrawalDays <= 0)
            return null;
        var until = subscription.StripeCreatedAt.AddDays(legal.Value.WithdrawalDays);
        return until > time.GetUtcNow() ? until : null;
    }

    /// <summary>
    /// Withdrawal (§356a BGB): every payment made for the membership is refunded (or its unused part, when
    /// <see cref="LegalOptions.ProratedWithdrawalRefund"/> is on), and the subscription ends at once.
    /// Refunds carry idempotency keys per charge, so a retried withdrawal never refunds twice.
    /// </summary>
    public async Task<RightResult> WithdrawAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var declaredAt = time.GetUtcNow();
        var subscription = await RenewingAsync(readerId, cancellationToken);
        if (subscription is null)
            return new RightResult(RightOutcome.NoSubscription);
        if (legal.Value.WithdrawalDays <= 0 || subscription.StripeCreatedAt.AddDays(legal.Value.WithdrawalDays) <= declaredAt)
            return new RightResult(RightOutcome.NotAllowed, $"The right of withdrawal lasts {legal.Value.WithdrawalDays} days from the start of the membership.");

        var charges = await stripe.V1.Charges.ListAsync(new ChargeListOptions
        {
            Customer = subscription.StripeCustomerId,
            Created = new DateRangeOptions { GreaterThanOrEqual = subscription.StripeCreatedAt.UtcDateTime.AddMinutes(-5) },
            Limit = 100,
        }, cancellationToken: cancellationToken);
        long refunded = 0;
        var currency = "eur";
        foreach (var charge in charges.Data.Where(c => c.Paid && c.Status == "succeeded" && c.Amount > c.AmountRefunded))
        {
            var amount = charge.Amount - charge.AmountRefunded;
            if (legal.Value.ProratedWithdrawalRefund && subscription.CurrentPeriodEnd is { } end)
            {
                var period = end - subscription.StripeCreatedAt;
                var unused = end - declaredAt;
                if (period > TimeSpan.Zero)
                    amount = Math.Clamp((long)Math.Floor(amount * (unused / period)), 0, amount);
            }
            if (amount <= 0)
                continue;
            await stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id, Amount = amount, Reason = "requested_by_customer" },
                new RequestOptions { IdempotencyKey = $"withdrawal-{subscription.StripeSubscriptionId}-{charge.Id}" }, cancellationToken);
            refunded += amount;
            currency = charge.Currency;
        }
        await stripe.V1.Subscriptions.CancelAsync(subscription.StripeSubscriptionId, new SubscriptionCancelOptions { Prorate = false }, cancellationToken: cancellationToken);
        await sync.SyncSubscriptionAsync(subscription.StripeSubscriptionId, subscription.StripeCustomerId, "reader withdrew from the contract", cancellationToken);
        if (await EmailAsync(readerId, cancellationToken) is { } email)
            mail.Withdrawn(email, await PlanNameAsync(subscription, cancellationToken), declaredAt, refunded, currency);
        return new RightResult(RightOutcome.Done, At: declaredAt);
    }

    public async Task<string> PlanNameAsync(MemberSubscription subscription, CancellationToken cancellationToken) =>
        (subscription.PlanKey is { } key ? await db.Plans.AsNoTracking().Where(p => p.Key == key).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) : null)
        ?? "ad-free";

    public Task<MemberSubscription?> RenewingAsync(Guid readerId, CancellationToken cancellationToken) =>
        db.Subscriptions.AsNoTracking()
            .Where(s => s.ReaderId == readerId && StripeSubscriptionStatuses.Renewing.Contains(s.Status))
            .OrderByDescending(s => s.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);

    private Task<string?> EmailAsync(Guid readerId, CancellationToken cancellationToken) =>
        db.Users.Where(r => r.Id == readerId).Select(r => r.Email).FirstOrDefaultAsync(cancellationToken);
}
