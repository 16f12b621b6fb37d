using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Grants;

/// <summary>Which complimentary grants the grants page shows.</summary>
public enum GrantFilter
{
    Active,
    Expiring,
    Ended,
    All,
}

/// <summary>One complimentary grant with its reader, as the grants page and its CSV show it.</summary>
public sealed record GrantRow(Guid Id, Guid ReaderId, string? Email, string Feature, string Reason, string? CreatedBy,
    DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt)
{
    public bool IsActive(DateTimeOffset now) => EndedAt is null && (Until is null || Until > now);
}

/// <summary>Every complimentary member: active, expiring within N days, or ended (by an admin or by its end date).</summary>
public sealed class GrantList(MembershipDbContext db, TimeProvider time)
{
    public const int MaxRows = 1000;

    public async Task<IReadOnlyList<GrantRow>> ListAsync(GrantFilter filter, int withinDays, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var soon = now.AddDays(Math.Clamp(withinDays, 1, 3650));
        var grants = db.Grants.AsNoTracking();
        grants = filter switch
        {
            GrantFilter.Active => grants.Where(g => g.EndedAt == null && (g.Until == null || g.Until > now)),
            GrantFilter.Expiring => grants.Where(g => g.EndedAt == null && g.Until != null && g.Until > now && g.Until <= soon),
            GrantFilter.Ended => grants.Where(g => g.EndedAt != null || (g.Until != null && g.Until <= now)),
            _ => grants,
        };
        var ordered = filter == GrantFilter.Expiring ? grants.OrderBy(g => g.Until) : grants.OrderByDescending(g => g.CreatedAt);
        return await ordered
            .Take(MaxRows)
            .Select(g => new GrantRow(g.Id, g.ReaderId, db.Users.Where(u => u.Id == g.ReaderId).Select(u => u.Email).FirstOrDefault(),
                g.Feature, g.Reason, g.CreatedBy, g.StartsAt, g.Until, g.EndedAt))
            .ToListAsync(cancellationToken);
    }
}
