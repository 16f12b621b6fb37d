using Membership.Web.Entitlements;

namespace Membership.Web.Admin;

/// <summary>A subscription's standing as the admin pages show it: the policy's own <see cref="SubscriptionStanding"/>.</summary>
public static class MemberStanding
{
    public static SubscriptionStanding Of(SubscriptionView s, TimeSpan grace, DateTimeOffset now) =>
        SubscriptionStanding.Of(s.Status, s.CurrentPeriodEnd, s.CancelAtPeriodEnd, s.CancelAt, s.FirstFailedPaymentAt,
            s.CollectionPaused, s.PauseResumesAt, grace, now, s.CanceledAt);
}
