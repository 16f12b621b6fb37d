namespace Membership.Web.Entitlements;

/// <summary>The contract's entitlement object, plus the reasons behind it for the admin's explain view.</summary>
public sealed record EntitlementDecision(
    Guid ReaderId,
    bool AdFree,
    IReadOnlyList<string> Features,
    string Status,
    string? Source,
    string? PlanKey,
    DateTimeOffset? ValidUntil,
    DateTimeOffset? GraceUntil,
    DateTimeOffset EvaluatedAt,
    IReadOnlyList<string> Reasons)
{
    public static EntitlementDecision None(Guid readerId, DateTimeOffset now) =>
        new(readerId, false, [], "none", null, null, null, null, now, ["No subscription and no complimentary grant."]);
}
