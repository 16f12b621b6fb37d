using System.Globalization;
using System.Text.Json.Serialization;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Admin;

/// <summary>
/// One thing that happened to a reader's access. <c>Kind</c>: subscription, stripe_event, grant or audit. An audit
/// entry carries itself too, for the pages to tell in words as the audit page does (not in the JSON: its fields are here).
/// </summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Summary, string? Detail, string? Reference,
    [property: JsonIgnore] AuditView? Audit = null);

/// <summary>The entitlement decision, its reasons and the history behind it, newest first.</summary>
public sealed record ReaderExplanation(Guid ReaderId, EntitlementView Entitlement, IReadOnlyList<string> Reasons, IReadOnlyList<TimelineEntry> Timeline);

/// <summary>
/// Answers "why is this reader (not) ad-free?": the policy's reasons plus every recorded cause, merged:
/// subscription changes (with the event or sync that made them), Stripe events, grants and admin actions.
/// </summary>
public sealed class ReaderTimeline(MembershipDbContext db, ReaderEntitlements entitlements, TimeProvider time)
{
    /// <summary>Per source; enough for the story of any one reader without reading an unbounded history.</summary>
    public const int PerSource = 100;

    public async Task<ReaderExplanation?> ExplainAsync(Guid readerId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(r => r.Id == readerId, cancellationToken))
            return null;
        var decision = await entitlements.EvaluateAsync(readerId, cancellationToken);
        return new ReaderExplanation(readerId, EntitlementView.From(decision), decision.Reasons, await TimelineAsync(readerId, cancellationToken));
    }

    /// <summary>The history alone, for a caller that has found the reader and has the decision already (the reader page).</summary>
    public async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var timeline = new List<TimelineEntry>();

        var history = await db.SubscriptionHistory.AsNoTracking().Where(h => h.ReaderId == readerId)
            .OrderByDescending(h => h.OccurredAt).ThenByDescending(h => h.Id).Take(PerSource).ToListAsync(cancellationToken);
        timeline.AddRange(history.Select(h => new TimelineEntry(h.OccurredAt, "subscription",
            $"{h.Change}: {h.From ?? "(none)"} → {h.To ?? "(none)"}", h.Cause, h.StripeSubscriptionId)));

        var events = await db.StripeEvents.AsNoTracking().Where(e => e.ReaderId == readerId)
            .OrderByDescending(e => e.ReceivedAt).Take(PerSource)
            .Select(e => new { e.Id, e.Type, e.ReceivedAt, e.Status, e.Attempts, e.LastError })
            .ToListAsync(cancellationToken);
        timeline.AddRange(events.Select(e => new TimelineEntry(e.ReceivedAt, "stripe_event",
            $"{e.Type} ({StripeEventLog.StatusName(e.Status)}{(e.Attempts > 1 ? $", {e.Attempts} attempts" : "")})", e.LastError, e.Id)));

        var grants = await db.Grants.AsNoTracking().Where(g => g.ReaderId == readerId)
            .OrderByDescending(g => g.CreatedAt).Take(PerSource).ToListAsync(cancellationToken);
        timeline.AddRange(grants.SelectMany(g => GrantEntries(g, time.GetUtcNow())));

        var audit = await db.AuditLog.AsNoTracking().Where(a => a.ReaderId == readerId)
            .OrderByDescending(a => a.Id).Take(PerSource).ToListAsync(cancellationToken);
        timeline.AddRange(audit.Select(a => new TimelineEntry(a.OccurredAt, "audit", $"{a.Action} by {a.Actor}", a.Details, a.Target,
            new AuditView(a.Id, a.OccurredAt, a.Actor, a.Action, a.ReaderId, a.Target, a.Details))));

        return timeline.OrderByDescending(t => t.At).ToList();
    }

    private static IEnumerable<TimelineEntry> GrantEntries(ComplimentaryGrant g, DateTimeOffset now)
    {
        var id = g.Id.ToString();
        var until = g.Until is { } u ? "until " + u.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "for good";
        yield return new TimelineEntry(g.CreatedAt, "grant", $"Complimentary {g.Feature} granted {until}", $"{g.Reason} (by {g.CreatedBy ?? "unknown"})", id);
        if (g.EndedAt is { } ended)
            yield return new TimelineEntry(ended, "grant", $"Complimentary {g.Feature} ended by an admin", null, id);
        else if (g.Until is { } expired && expired <= now)
            yield return new TimelineEntry(expired, "grant", $"Complimentary {g.Feature} expired", null, id);
    }
}
