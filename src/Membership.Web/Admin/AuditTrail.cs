using System.Globalization;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Admin;

public sealed record AuditView(long Id, DateTimeOffset OccurredAt, string Actor, string Action, Guid? ReaderId, string? Target, string? Details);

/// <summary>The audit log as admins read it: newest first, filtered, keyset-paged on the row id.</summary>
public sealed class AuditTrail(MembershipDbContext db)
{
    public async Task<AdminResult<Page<AuditView>>> ListAsync(
        Guid? readerId, string? actor, string? action, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.CheckLimit(limit, errors);
        if (errors.Count > 0)
            return AdminError.Invalid(errors);
        var after = Paging.Decode(cursor, 1);
        var afterId = 0L;
        if (cursor is not null && (after is null || !long.TryParse(after[0], CultureInfo.InvariantCulture, out afterId)))
            return Paging.BadCursor();

        var query = db.AuditLog.AsNoTracking();
        if (readerId is { } reader)
            query = query.Where(a => a.ReaderId == reader);
        if (!string.IsNullOrWhiteSpace(actor))
            query = query.Where(a => EF.Functions.ILike(a.Actor, EscapeLike(actor.Trim()) + "%"));
        if (!string.IsNullOrWhiteSpace(action))
            query = query.Where(a => a.Action == action.Trim());
        if (after is not null)
            query = query.Where(a => a.Id < afterId);
        var rows = await query.OrderByDescending(a => a.Id).Take(take + 1)
            .Select(a => new AuditView(a.Id, a.OccurredAt, a.Actor, a.Action, a.ReaderId, a.Target, a.Details))
            .ToListAsync(cancellationToken);
        return Paging.Build(rows, take, a => a, a => Paging.Encode(a.Id.ToString(CultureInfo.InvariantCulture)));
    }

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);
}
