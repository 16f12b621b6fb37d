namespace Membership.Web.Entitlements;

/// <summary>
/// What the policy needs to know of one subscription: its Stripe state and its plan's features. A paused
/// collection (Stripe's <c>pause_collection</c>) grants nothing until <paramref name="PauseResumesAt"/>, or until unset.
/// </summary>
public sealed record SubscriptionFacts(
    string StripeSubscriptionId,
    string? PlanKey,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? CancelAt,
    DateTimeOffset? FirstFailedPaymentAt,
    IReadOnlyList<string> Features,
    DateTimeOffset CreatedAt,
    bool CollectionPaused = false,
    DateTimeOffset? PauseResumesAt = null)
{
    public bool IsPausedAt(DateTimeOffset now) => CollectionPaused && (PauseResumesAt is not { } resumesAt || now < resumesAt);
}

/// <summary>A complimentary grant as the policy sees it.</summary>
public sealed record GrantFacts(Guid Id, string Feature, DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt);
