using Membership.Web.Admin;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Pages.Admin.Audit;

/// <summary>Reads, for a page of audit entries, the names of the readers, plans, grants, events and keys they name by id.</summary>
public static class AuditNamesQuery
{
    public static async Task<AuditNames> LoadAsync(MembershipDbContext db, IReadOnlyCollection<AuditView> entries, CancellationToken cancellationToken)
    {
        if (entries.Count == 0)
            return AuditNames.None;
        var readerIds = entries.Where(e => e.ReaderId is not null).Select(e => e.ReaderId!.Value).Distinct().ToList();
        var planKeys = Targets(entries, "plan.");
        var grantIds = Guids(Targets(entries, "grant."));
        var keyIds = Guids(Targets(entries, "api_key."));
        var eventIds = Targets(entries, "stripe_event.");

        var readers = await db.Users.AsNoTracking().Where(r => readerIds.Contains(r.Id))
            .Select(r => new { r.Id, r.Email }).ToDictionaryAsync(r => r.Id, r => r.Email ?? "(no email)", cancellationToken);
        var plans = await db.Plans.AsNoTracking().Where(p => planKeys.Contains(p.Key))
            .Select(p => new { p.Key, p.Name, p.Currency }).ToListAsync(cancellationToken);
        var grants = await db.Grants.AsNoTracking().Where(g => grantIds.Contains(g.Id))
            .Select(g => new { g.Id, g.Feature, g.Until, g.Reason }).ToDictionaryAsync(g => g.Id, g => new AuditGrant(g.Feature, g.Until, g.Reason), cancellationToken);
        var events = await db.StripeEvents.AsNoTracking().Where(e => eventIds.Contains(e.Id))
            .Select(e => new { e.Id, e.Type }).ToDictionaryAsync(e => e.Id, e => e.Type, cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id))
            .Select(k => new { k.Id, k.Name }).ToDictionaryAsync(k => k.Id, k => k.Name, cancellationToken);
        return new AuditNames(readers, plans.ToDictionary(p => p.Key, p => p.Name), plans.ToDictionary(p => p.Key, p => p.Currency), grants, events, keys);
    }

    private static List<string> Targets(IEnumerable<AuditView> entries, string actionPrefix) =>
        entries.Where(e => e.Target is not null && e.Action.StartsWith(actionPrefix, StringComparison.Ordinal)).Select(e => e.Target!).Distinct().ToList();

    private static List<Guid> Guids(IEnumerable<string> texts) =>
        texts.Select(t => Guid.TryParse(t, out var id) ? id : (Guid?)null).Where(id => id is not null).Select(id => id!.Value).ToList();
}
