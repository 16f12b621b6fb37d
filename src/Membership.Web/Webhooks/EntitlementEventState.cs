using Membership.Web.Entitlements;

namespace Membership.Web.Webhooks;

/// <summary>What sites were last told about a reader: the entitlement plus the subscription flags events are about.</summary>
public sealed record EntitlementEventState(
    bool Exists, string? Email, EntitlementView? Entitlement, bool CancelScheduled, bool Paused)
{
    public bool Entitled => Entitlement is { } e && (e.AdFree || e.Features.Count > 0);

    /// <summary>The events that lead from <paramref name="before"/> (null: never told) to <paramref name="after"/>, in the order sites should apply them.</summary>
    public static IEnumerable<(string Type, object Data)> Diff(Guid readerId, EntitlementEventState? before, EntitlementEventState after)
    {
        if (!after.Exists)
        {
            if (before is { Exists: true })
                yield return ("reader.deleted", new { readerId, email = before.Email });
            yield break;
        }
        var wasEntitled = before?.Entitled ?? false;
        if (!wasEntitled && after.Entitled)
            yield return ("entitlement.granted", new { readerId, email = after.Email, entitlement = Comparable(after.Entitlement) });
        else if (wasEntitled && !after.Entitled)
            yield return ("entitlement.revoked", new { readerId, email = after.Email, before = Comparable(before!.Entitlement), entitlement = Comparable(after.Entitlement) });
        else if (wasEntitled && after.Entitled && Comparable(before!.Entitlement) != Comparable(after.Entitlement))
            yield return ("entitlement.changed", new { readerId, email = after.Email, before = Comparable(before.Entitlement), after = Comparable(after.Entitlement) });

        var wasScheduled = before?.CancelScheduled ?? false;
        var wasPaused = before?.Paused ?? false;
        if (!wasScheduled && after.CancelScheduled)
            yield return ("subscription.cancel_scheduled", new { readerId, email = after.Email, validUntil = after.Entitlement?.ValidUntil });
        if (!wasPaused && after.Paused)
            yield return ("subscription.paused", new { readerId, email = after.Email });
        if ((wasScheduled && !after.CancelScheduled || wasPaused && !after.Paused) && after.Entitled && !after.CancelScheduled && !after.Paused)
            yield return ("subscription.resumed", new { readerId, email = after.Email, entitlement = Comparable(after.Entitlement) });
    }

    /// <summary>The entitlement without its evaluation time, so two of them compare by what they grant.</summary>
    public static EntitlementFields? Comparable(EntitlementView? view) => view is null ? null
        : new(view.AdFree, string.Join(',', view.Features), view.Status, view.Source, view.PlanKey, view.ValidUntil, view.GraceUntil);
}

public sealed record EntitlementFields(
    bool AdFree, string Features, string Status, string? Source, string? PlanKey, DateTimeOffset? ValidUntil, DateTimeOffset? GraceUntil);
