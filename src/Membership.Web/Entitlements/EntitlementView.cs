using System.Text.Json.Serialization;

namespace Membership.Web.Entitlements;

/// <summary>The entitlement object the site API, /me/entitlements and the pass describe (README, "The API at a glance"), as every endpoint returns it.</summary>
public sealed record EntitlementView(
    Guid? ReaderId, bool AdFree, IReadOnlyList<string> Features, string Status, string? Source, string? PlanKey,
    DateTimeOffset? ValidUntil, DateTimeOffset? GraceUntil, DateTimeOffset EvaluatedAt)
{
    /// <summary>
    /// <c>true</c> only when the answer came from memory while the service could not hear changes
    /// from the database (it is down): the answer may be out of date. Absent otherwise.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Stale { get; init; }

    public static EntitlementView From(EntitlementDecision d) =>
        new(d.ReaderId, d.AdFree, d.Features, d.Status, d.Source, d.PlanKey, d.ValidUntil, d.GraceUntil, d.EvaluatedAt);

    /// <summary>What a signed-out visitor (or a reader who no longer exists) gets.</summary>
    public static EntitlementView Anonymous(DateTimeOffset now) => new(null, false, [], "none", null, null, null, null, now);
}
