namespace Membership.Web.Entitlements;

/// <summary>
/// The one vocabulary of where a subscription stands. The words are what SQL's <c>subscription_standing(…)</c>
/// returns (migration AccessRules); <see cref="AccessRulesSql"/> writes its calls, and a test holds the two sides
/// to the same answers over a table of cases.
/// </summary>
public enum StandingKind
{
    Active,
    Trialing,
    Cancelling,
    PastDueInGrace,
    Paused,
    Ended,
}

/// <summary>Where a subscription stands at an instant, and until when (period end, cancellation, grace end, resume).</summary>
public readonly record struct SubscriptionStanding(StandingKind Kind, DateTimeOffset? Until)
{
    /// <summary>The standings in which a subscription grants its plan's features: the policy's one rule for subscriptions.</summary>
    public bool GrantsAccess => Kind is StandingKind.Active or StandingKind.Trialing or StandingKind.Cancelling or StandingKind.PastDueInGrace;

    /// <summary>The word SQL uses for <see cref="Kind"/>.</summary>
    public string Word => WordOf(Kind);

    public static string WordOf(StandingKind kind) => kind switch
    {
        StandingKind.Active => "active",
        StandingKind.Trialing => "trialing",
        StandingKind.Cancelling => "cancelling",
        StandingKind.PastDueInGrace => "past_due_in_grace",
        StandingKind.Paused => "paused",
        _ => "ended",
    };

    /// <summary>The kind a word of <see cref="WordOf"/> names; null for any other word.</summary>
    public static StandingKind? KindOf(string word) =>
        Enum.GetValues<StandingKind>().Cast<StandingKind?>().FirstOrDefault(k => WordOf(k!.Value) == word);

    public static SubscriptionStanding Of(SubscriptionFacts s, TimeSpan grace, DateTimeOffset now) =>
        Of(s.Status, s.CurrentPeriodEnd, s.CancelAtPeriodEnd, s.CancelAt, s.FirstFailedPaymentAt, s.CollectionPaused, s.PauseResumesAt, grace, now);

    /// <summary>
    /// A reader's pause (Stripe's pause_collection) of a live subscription is paused until it resumes. Active or
    /// trialing runs to the period end or a scheduled cancellation, whichever is sooner (cancelling when one is
    /// scheduled). past_due grants only within its grace, counted from the first failed payment, else the period
    /// end. Stripe's own "paused" is paused; every other status has ended (at <paramref name="canceledAt"/> if known).
    /// </summary>
    public static SubscriptionStanding Of(
        string status, DateTimeOffset? currentPeriodEnd, bool cancelAtPeriodEnd, DateTimeOffset? cancelAt, DateTimeOffset? firstFailedPaymentAt,
        bool collectionPaused, DateTimeOffset? pauseResumesAt, TimeSpan grace, DateTimeOffset now, DateTimeOffset? canceledAt = null)
    {
        var live = status is StripeSubscriptionStatuses.Active or StripeSubscriptionStatuses.Trialing or StripeSubscriptionStatuses.PastDue;
        if (live && collectionPaused && (pauseResumesAt is not { } resumesAt || now < resumesAt))
            return new(StandingKind.Paused, pauseResumesAt);
        switch (status)
        {
            case StripeSubscriptionStatuses.Active or StripeSubscriptionStatuses.Trialing:
                var end = cancelAt is { } at && (currentPeriodEnd is not { } pe || at < pe) ? at : currentPeriodEnd;
                if (end is { } e && now >= e)
                    return new(StandingKind.Ended, e);
                if (cancelAtPeriodEnd || cancelAt is not null)
                    return new(StandingKind.Cancelling, end);
                return new(status == StripeSubscriptionStatuses.Trialing ? StandingKind.Trialing : StandingKind.Active, end);
            case StripeSubscriptionStatuses.PastDue:
                var graceUntil = (firstFailedPaymentAt ?? currentPeriodEnd ?? now) + grace;
                return now < graceUntil ? new(StandingKind.PastDueInGrace, graceUntil) : new(StandingKind.Ended, graceUntil);
            case StripeSubscriptionStatuses.Paused:
                return new(StandingKind.Paused, null);
            default:
                return new(StandingKind.Ended, canceledAt);
        }
    }
}
