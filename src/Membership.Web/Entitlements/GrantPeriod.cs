namespace Membership.Web.Entitlements;

/// <summary>
/// The one rule of whether a complimentary grant is in effect: started, not past its end, not ended by an admin.
/// SQL has it as <c>grant_in_effect(…)</c> (migration AccessRules), written by <see cref="AccessRulesSql.GrantInEffect"/>.
/// </summary>
public static class GrantPeriod
{
    public static bool InEffect(DateTimeOffset startsAt, DateTimeOffset? until, DateTimeOffset? endedAt, DateTimeOffset now) =>
        startsAt <= now && (until is null || now < until) && (endedAt is null || now < endedAt);

    public static bool InEffect(this GrantFacts grant, DateTimeOffset now) => InEffect(grant.StartsAt, grant.Until, grant.EndedAt, now);
}
