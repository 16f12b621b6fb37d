namespace Membership.Web.Entitlements;

/// <summary>The entitlement object of CONTRACT.md section 5, as every endpoint returns it.</summary>
public sealed record EntitlementView(
    Guid? ReaderId, bool AdFree, IReadOnlyList<string> Features, string Status, string? Source, string? PlanKey,
    DateTimeOffset? ValidUntil, DateTimeOffset? GraceUntil, DateTimeOffset EvaluatedAt)
{
    public static EntitlementView From(EntitlementDecision d) =>
        new(d.ReaderId, d.AdFree, d.Features, d.Status, d.Source, d.PlanKey, d.ValidUntil, d.GraceUntil, d.EvaluatedAt);
}
