using System.Globalization;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using static Membership.Web.Entitlements.StripeSubscriptionStatuses;

namespace Membership.Web.MyAccount;

/// <summary>
/// What the account page says about a reader's membership. Whether they are ad-free comes from the
/// entitlement decision as it is; this only puts the subscription's dates into words.
/// </summary>
public sealed record MembershipSummary(
    bool HasMembership, string? PlanName, string? Status, string? DateLine, bool AdFree, string? AdFreeLine, bool CanCancel, bool CanResume,
    DateTimeOffset? PeriodEnd = null)
{

    public static MembershipSummary From(MemberSubscription? subscription, string? planName, EntitlementDecision decision)
    {
        var adFreeLine = decision switch
        {
            { AdFree: false } => null,
            { Source: "complimentary", ValidUntil: null } => "Complimentary, for good",
            { Source: "complimentary", ValidUntil: { } until } => $"Complimentary, until {Day(until)}",
            { GraceUntil: { } grace } => $"Until {Day(grace)}",
            // A renewing plan is not "until" its period end: that reads like an end date.
            { ValidUntil: { } until } when Renews(subscription) => $"Renews on {Day(until)}",
            { ValidUntil: { } until } when subscription is not null => $"Ends on {Day(until)}",
            { ValidUntil: { } until } => $"Until {Day(until)}",
            _ => null,
        };
        if (subscription is null)
        {
            return decision.Source == "complimentary"
                ? new MembershipSummary(true, "Complimentary membership", "Complimentary", null, decision.AdFree, adFreeLine, false, false)
                : new MembershipSummary(false, null, null, null, decision.AdFree, adFreeLine, false, false);
        }

        var scheduledEnd = subscription.CancelAt ?? (subscription.CancelAtPeriodEnd ? subscription.CurrentPeriodEnd : null);
        var changeable = StripeSubscriptionStatuses.MayGrantAccess.Contains(subscription.Status);
        var (status, dateLine) = subscription.Status switch
        {
            _ when decision.Status == "paused" => ("Paused", subscription.PauseResumesAt is { } resumes ? $"Paused — resumes by itself on {Day(resumes)}" : "Paused"),
            Active or Trialing when scheduledEnd is not null => ("Cancelled — active until the end of the period", $"Ends on {Day(scheduledEnd)}"),
            Active => ("Active", $"Renews on {Day(subscription.CurrentPeriodEnd)}"),
            Trialing => ("Free trial", $"Free trial until {Day(subscription.TrialEnd ?? subscription.CurrentPeriodEnd)}, then renews"),
            PastDue when decision.GraceUntil is { } grace && decision.AdFree => ("Payment failed", $"Payment failed — ad-free until {Day(grace)}"),
            PastDue or Unpaid => ("Payment failed", "Payment failed — update your card under Manage billing"),
            Incomplete => ("Waiting for payment", "Waiting for your first payment"),
            Paused => ("Paused", "Paused"),
            _ => ("Ended", $"Ended on {Day(subscription.CanceledAt ?? subscription.CurrentPeriodEnd)}"),
        };
        return new MembershipSummary(true, planName ?? subscription.PlanKey ?? "Membership", status, dateLine, decision.AdFree, adFreeLine,
            CanCancel: changeable && scheduledEnd is null, CanResume: changeable && scheduledEnd is not null, subscription.CurrentPeriodEnd);
    }

    private static bool Renews(MemberSubscription? subscription) =>
        subscription is { CancelAtPeriodEnd: false, CancelAt: null } && StripeSubscriptionStatuses.IsRenewing(subscription.Status);

    public static string Day(DateTimeOffset? moment) =>
        moment is { } value ? value.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture) : "an unknown date";
}
