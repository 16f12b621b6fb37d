namespace Membership.Web.Admin;

/// <summary>Where a subscription stands, in the words an admin needs, judged by the same rules as the entitlement policy.</summary>
public enum StandingKind
{
    Active,
    Trialing,
    Cancelling,
    PastDueInGrace,
    Paused,
    Ended,
}

public sealed record MemberStanding(StandingKind Kind, DateTimeOffset? Until)
{
    /// <summary>
    /// Active or trialing until the period ends (cancelling when a cancellation is scheduled); past_due only
    /// within its grace (from the first failed payment, else the period end); Stripe's "paused" as paused.
    /// A reader's pause (Stripe's pause_collection) shows as paused until it resumes, as the policy has it.
    /// </summary>
    public static MemberStanding Of(SubscriptionView s, TimeSpan grace, DateTimeOffset now)
    {
        if (s.CollectionPaused && (s.PauseResumesAt is not { } resumesAt || now < resumesAt) && s.Status is "active" or "trialing" or "past_due")
            return new(StandingKind.Paused, s.PauseResumesAt);
        switch (s.Status)
        {
            case "active" or "trialing":
                var end = s.CancelAt is { } at && (s.CurrentPeriodEnd is not { } pe || at < pe) ? at : s.CurrentPeriodEnd;
                if (end is { } e && now >= e)
                    return new(StandingKind.Ended, e);
                if (s.CancelAtPeriodEnd || s.CancelAt is not null)
                    return new(StandingKind.Cancelling, end);
                return new(s.Status == "trialing" ? StandingKind.Trialing : StandingKind.Active, end);
            case "past_due":
                var graceUntil = (s.FirstFailedPaymentAt ?? s.CurrentPeriodEnd ?? now) + grace;
                return now < graceUntil ? new(StandingKind.PastDueInGrace, graceUntil) : new(StandingKind.Ended, graceUntil);
            case "paused":
                return new(StandingKind.Paused, null);
            default:
                return new(StandingKind.Ended, s.CanceledAt);
        }
    }
}
