namespace Membership.Web.Entitlements;

/// <summary>
/// Writes SQL calls of the access rules, so queries that count or list in the database decide as the policy does
/// (<see cref="SubscriptionStanding"/>, <see cref="GrantPeriod"/>). The functions are created by the migration
/// AccessRules; AccessRulesAgreementTests runs them and the C# rules over the same table of cases.
/// </summary>
public static class AccessRulesSql
{
    /// <summary><c>subscription_standing(…)</c> of the subscriptions row <paramref name="alias"/>: a word of <see cref="SubscriptionStanding.Word"/>.</summary>
    public static string Standing(string alias, string grace, string now) => $"subscription_standing({SubscriptionColumns(alias)}, {grace}, {now})";

    /// <summary>Whether the subscriptions row <paramref name="alias"/> grants its features: <see cref="SubscriptionStanding.GrantsAccess"/>.</summary>
    public static string GrantsAccess(string alias, string grace, string now) => $"subscription_grants_access({SubscriptionColumns(alias)}, {grace}, {now})";

    /// <summary>Whether the grants row <paramref name="alias"/> is in effect: <see cref="GrantPeriod.InEffect(DateTimeOffset, DateTimeOffset?, DateTimeOffset?, DateTimeOffset)"/>.</summary>
    public static string GrantInEffect(string alias, string now) => $"grant_in_effect({alias}.starts_at, {alias}.until, {alias}.ended_at, {now})";

    private static string SubscriptionColumns(string a) =>
        $"{a}.status, {a}.current_period_end, {a}.cancel_at_period_end, {a}.cancel_at, {a}.first_failed_payment_at, {a}.collection_paused, {a}.pause_resumes_at";
}
