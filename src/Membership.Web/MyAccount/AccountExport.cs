using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.MyAccount;

public sealed record ExportedProfile(
    Guid Id, string? Email, bool EmailConfirmed, string? DisplayName, DateTimeOffset CreatedAt, string? StripeCustomerId, IReadOnlyList<string> Roles);

public sealed record ExportedSubscription(
    string StripeSubscriptionId, string? PlanKey, string Status, DateTimeOffset? CurrentPeriodEnd, bool CancelAtPeriodEnd,
    DateTimeOffset? CancelAt, DateTimeOffset? CanceledAt, DateTimeOffset? TrialEnd, DateTimeOffset? FirstFailedPaymentAt, DateTimeOffset CreatedAt,
    bool CollectionPaused, DateTimeOffset? PauseResumesAt);

/// <summary>A consent record: the terms' version the reader accepted at checkout, and when.</summary>
public sealed record ExportedConsent(string StripeSubscriptionId, string TermsVersion, DateTimeOffset? AcceptedAt);

/// <summary>An admin's change that concerns the reader, from the audit log.</summary>
public sealed record ExportedAuditEntry(string Actor, string Action, string? Target, string? Details, DateTimeOffset OccurredAt);

/// <summary>A notice mailed to the reader and recorded (renewal reminder, price change).</summary>
public sealed record ExportedNotice(string Kind, string StripeSubscriptionId, string Subject, string Email, DateTimeOffset SentAt);

public sealed record ExportedHistoryEntry(string? StripeSubscriptionId, string Change, string? From, string? To, string Cause, DateTimeOffset OccurredAt);

public sealed record ExportedGrant(Guid Id, string Feature, DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt, string Reason, DateTimeOffset CreatedAt);

/// <summary>Everything the service holds about one reader, as the /account/export download.</summary>
public sealed record AccountExportDocument(
    DateTimeOffset ExportedAt, ExportedProfile Profile, EntitlementView Entitlement, IReadOnlyList<ExportedSubscription> Subscriptions,
    IReadOnlyList<ExportedHistoryEntry> History, IReadOnlyList<ExportedGrant> Grants,
    IReadOnlyList<ExportedConsent> Consents, IReadOnlyList<ExportedNotice> MailsSent, IReadOnlyList<ExportedAuditEntry> AuditEntries);

public sealed class AccountExport(MembershipDbContext db, ReaderEntitlements entitlements, TimeProvider time)
{
    public async Task<AccountExportDocument?> ExportAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var reader = await db.Users.AsNoTracking().FirstOrDefaultAsync(r => r.Id == readerId, cancellationToken);
        if (reader is null)
            return null;
        var roles = await (from userRole in db.UserRoles
                           join role in db.Roles on userRole.RoleId equals role.Id
                           where userRole.UserId == readerId
                           select role.Name!).ToListAsync(cancellationToken);
        var subscriptions = await db.Subscriptions.AsNoTracking().Where(s => s.ReaderId == readerId).OrderBy(s => s.CreatedAt)
            .Select(s => new ExportedSubscription(s.StripeSubscriptionId, s.PlanKey, s.Status, s.CurrentPeriodEnd, s.CancelAtPeriodEnd,
                s.CancelAt, s.CanceledAt, s.TrialEnd, s.FirstFailedPaymentAt, s.CreatedAt, s.CollectionPaused, s.PauseResumesAt))
            .ToListAsync(cancellationToken);
        var consents = await db.Subscriptions.AsNoTracking().Where(s => s.ReaderId == readerId && s.TermsVersion != null).OrderBy(s => s.CreatedAt)
            .Select(s => new ExportedConsent(s.StripeSubscriptionId, s.TermsVersion!, s.TermsAcceptedAt))
            .ToListAsync(cancellationToken);
        var notices = await db.Database.SqlQuery<ExportedNotice>($"""
            SELECT kind, stripe_subscription_id, subject, email, sent_at
            FROM legal_notices WHERE reader_id = {readerId} ORDER BY sent_at, id
            """).ToListAsync(cancellationToken);
        var audit = await db.Database.SqlQuery<ExportedAuditEntry>($"""
            SELECT actor, action, target, details::text AS details, occurred_at
            FROM audit_log WHERE reader_id = {readerId} ORDER BY id
            """).ToListAsync(cancellationToken);
        var history = await db.SubscriptionHistory.AsNoTracking().Where(h => h.ReaderId == readerId).OrderBy(h => h.OccurredAt).ThenBy(h => h.Id)
            .Select(h => new ExportedHistoryEntry(h.StripeSubscriptionId, h.Change, h.From, h.To, h.Cause, h.OccurredAt))
            .ToListAsync(cancellationToken);
        var grants = await db.Grants.AsNoTracking().Where(g => g.ReaderId == readerId).OrderBy(g => g.CreatedAt)
            .Select(g => new ExportedGrant(g.Id, g.Feature, g.StartsAt, g.Until, g.EndedAt, g.Reason, g.CreatedAt))
            .ToListAsync(cancellationToken);
        var decision = await entitlements.EvaluateAsync(readerId, cancellationToken);

        var profile = new ExportedProfile(reader.Id, reader.Email, reader.EmailConfirmed, reader.DisplayName, reader.CreatedAt, reader.StripeCustomerId, roles);
        return new AccountExportDocument(time.GetUtcNow(), profile, EntitlementView.From(decision), subscriptions, history, grants, consents, notices, audit);
    }
}
