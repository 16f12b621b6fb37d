using System.Globalization;
using Membership.Web.Billing;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Rights;

/// <summary>A retention offer: <see cref="PercentOff"/> off the next <see cref="Months"/> monthly payments.</summary>
public sealed record SaveOffer(int PercentOff, int Months);

/// <summary>
/// The optional retention offer of the cancel flow (California's auto-renewal law allows one only beside a one-click
/// cancel, which the page keeps). Off unless <see cref="LegalOptions.SaveOfferPercentOff"/> is set; made for monthly
/// members, once per subscription (the acceptance is kept in the subscription's Stripe metadata), as a Stripe coupon
/// that repeats for <see cref="LegalOptions.SaveOfferMonths"/> months.
/// </summary>
public sealed class SaveOffers(MembershipDbContext db, StripeClient stripe, SubscriptionSync sync, IOptions<LegalOptions> legal, TimeProvider time)
{
    public const string AcceptedAtMetadata = "save_offer_accepted_at";

    /// <summary>The offer this subscription may be shown, or null (off, not monthly, already discounted or already taken).</summary>
    public async Task<SaveOffer?> OfferForAsync(MemberSubscription subscription, CancellationToken cancellationToken)
    {
        if (legal.Value.SaveOfferPercentOff <= 0 || subscription.CancelAtPeriodEnd || subscription.CancelAt is not null || subscription.CollectionPaused)
            return null;
        var interval = await db.Plans.AsNoTracking().Where(p => p.Key == subscription.PlanKey).Select(p => p.Interval).FirstOrDefaultAsync(cancellationToken);
        if (interval != "month")
            return null;
        var current = await stripe.V1.Subscriptions.GetAsync(subscription.StripeSubscriptionId, cancellationToken: cancellationToken);
        if (current.Metadata.ContainsKey(AcceptedAtMetadata) || current.Discounts is { Count: > 0 })
            return null;
        return new SaveOffer(legal.Value.SaveOfferPercentOff, legal.Value.SaveOfferMonths);
    }

    /// <summary>Applies the offer's coupon to the subscription, which keeps renewing; false when no offer stands.</summary>
    public async Task<bool> AcceptAsync(MemberSubscription subscription, CancellationToken cancellationToken)
    {
        if (await OfferForAsync(subscription, cancellationToken) is not { } offer)
            return false;
        var couponId = await CouponAsync(offer, cancellationToken);
        await stripe.V1.Subscriptions.UpdateAsync(subscription.StripeSubscriptionId, new SubscriptionUpdateOptions
        {
            Discounts = [new SubscriptionDiscountOptions { Coupon = couponId }],
            Metadata = new Dictionary<string, string> { [AcceptedAtMetadata] = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) },
        }, cancellationToken: cancellationToken);
        await sync.SyncSubscriptionAsync(subscription.StripeSubscriptionId, subscription.StripeCustomerId, "reader took the retention offer", cancellationToken);
        return true;
    }

    /// <summary>The offer's coupon, one per (percent, months), made in Stripe the first time it is needed.</summary>
    private async Task<string> CouponAsync(SaveOffer offer, CancellationToken cancellationToken)
    {
        var id = $"membership-save-{offer.PercentOff}pct-{offer.Months}m";
        try
        {
            return (await stripe.V1.Coupons.GetAsync(id, cancellationToken: cancellationToken)).Id;
        }
        catch (StripeException e) when (e.StripeError?.Code == "resource_missing")
        {
        }
        try
        {
            return (await stripe.V1.Coupons.CreateAsync(new CouponCreateOptions
            {
                Id = id,
                PercentOff = offer.PercentOff,
                Duration = "repeating",
                DurationInMonths = offer.Months,
                Name = $"{offer.PercentOff}% off for {offer.Months} months (stayed)",
            }, cancellationToken: cancellationToken)).Id;
        }
        catch (StripeException e) when (e.StripeError?.Code == "resource_already_exists")
        {
            return id; // another instance made it meanwhile
        }
    }
}
