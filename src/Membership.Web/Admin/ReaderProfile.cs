using Membership.Web.Billing;
using Membership.Web.Entitlements;

namespace Membership.Web.Admin;

/// <summary>Everything an admin sees about one reader.</summary>
public sealed record ReaderProfile(
    Guid Id, string? Email, string? DisplayName, bool EmailConfirmed, DateTimeOffset CreatedAt,
    string? StripeCustomerId, string? StripeDashboardUrl,
    EntitlementView Entitlement, IReadOnlyList<string> Reasons,
    IReadOnlyList<SubscriptionView> Subscriptions, IReadOnlyList<InvoiceView> RecentInvoices, IReadOnlyList<GrantView> Grants);

public sealed record SubscriptionView(
    string StripeSubscriptionId, string? PlanKey, string? StripePriceId, string Status, DateTimeOffset? CurrentPeriodEnd,
    bool CancelAtPeriodEnd, DateTimeOffset? CancelAt, DateTimeOffset? CanceledAt, DateTimeOffset? TrialEnd,
    DateTimeOffset? FirstFailedPaymentAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    bool CollectionPaused = false, DateTimeOffset? PauseResumesAt = null)
{
    public static SubscriptionView From(MemberSubscription s) =>
        new(s.StripeSubscriptionId, s.PlanKey, s.StripePriceId, s.Status, s.CurrentPeriodEnd, s.CancelAtPeriodEnd, s.CancelAt,
            s.CanceledAt, s.TrialEnd, s.FirstFailedPaymentAt, s.CreatedAt, s.UpdatedAt,
            s.CollectionPaused, s.PauseResumesAt);
}

/// <summary>An invoice as its latest stored Stripe event showed it (no Stripe call).</summary>
public sealed record InvoiceView(
    string InvoiceId, string? Number, string? Status, long? AmountDue, long? AmountPaid, string? Currency, DateTimeOffset At, string LastEventType, string? HostedInvoiceUrl);

public sealed record GrantView(
    Guid Id, string Feature, DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt, string Reason,
    string? CreatedBy, DateTimeOffset CreatedAt, bool InEffect)
{
    public static GrantView From(ComplimentaryGrant g, DateTimeOffset now) =>
        new(g.Id, g.Feature, g.StartsAt, g.Until, g.EndedAt, g.Reason, g.CreatedBy, g.CreatedAt,
            GrantPeriod.InEffect(g.StartsAt, g.Until, g.EndedAt, now));
}
