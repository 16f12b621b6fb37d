namespace Membership.Web.Entitlements;

/// <summary>What the policy needs to know of one subscription: its Stripe state and its plan's features.</summary>
public sealed record SubscriptionFacts(
    string StripeSubscriptionId,
    string? PlanKey,
    string Status,
    DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd,
    DateTimeOffset? CancelAt,
    DateTimeOffset? FirstFailedPaymentAt,
    IReadOnlyList<string> Features,
    DateTimeOffset CreatedAt);

/// <summary>A complimentary grant as the policy sees it.</summary>
public sealed record GrantFacts(Guid Id, string Feature, DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt);
