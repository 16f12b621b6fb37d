namespace Membership.Web.Admin;

/// <summary>
/// The membership numbers. Definitions: members are readers with a subscription that grants access as the
/// entitlement policy decides (<c>SubscriptionStanding.GrantsAccess</c>: past_due only within grace, not paused;
/// a reader with two such subscriptions counts once; <see cref="SubscriptionsByStatus"/> counts subscriptions); MRR counts active and past_due subscriptions (past_due until Stripe's last
/// retry gives up) at their own price, yearly prices divided by 12, per currency in minor units; trials
/// pay nothing yet and are left out. A day's new members are subscriptions that became active or
/// trialing from nothing (or from incomplete/canceled); churned ones left active, trialing or past_due.
/// Days are UTC. Complimentary members are readers with a grant in effect now.
/// </summary>
public sealed record MetricsReport(
    DateTimeOffset AsOf,
    long Members,
    IReadOnlyList<StatusCount> SubscriptionsByStatus,
    IReadOnlyList<MonthlyRevenue> Mrr,
    IReadOnlyList<DayCount> Daily,
    TrialConversions Trials,
    long ComplimentaryMembers);

public sealed record StatusCount(string Status, long Count);

/// <summary>Monthly recurring revenue in one currency, in its minor unit, and how many subscriptions make it.</summary>
public sealed record MonthlyRevenue(string Currency, long Amount, long Subscriptions);

public sealed record DayCount(DateOnly Day, long New, long Churned);

/// <summary>Over the report's days: trials started, converted to paying (trialing → active), lost (trialing → gone).</summary>
public sealed record TrialConversions(long Started, long Converted, long Lost, long TrialingNow, double? ConversionRate);
