using System.Globalization;
using Membership.Web.AdminActions;
using Membership.Web.Billing;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Admin;

public sealed record StripeEventSummary(
    string Id, string Type, string Status, int Attempts, string? LastError, DateTimeOffset ReceivedAt,
    DateTimeOffset StripeCreatedAt, DateTimeOffset? ProcessedAt, Guid? ReaderId, string? ReaderEmail);

/// <summary>The webhook inbox as admins browse it: newest first, filtered by status and type, keyset-paged.</summary>
public sealed class StripeEventLog(MembershipDbContext db)
{
    public static readonly string[] StatusNames = ["pending", "processed", "ignored", "failed"];

    public static string StatusName(StripeEventStatus status) => status.ToString().ToLowerInvariant();

    public async Task<AdminResult<Page<StripeEventSummary>>> ListAsync(
        string? status, string? type, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.CheckLimit(limit, errors);
        StripeEventStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<StripeEventStatus>(status, ignoreCase: true, out var parsed) && StatusNames.Contains(status.ToLowerInvariant()))
                wanted = parsed;
            else
                errors["status"] = [$"The status is one of: {string.Join(", ", StatusNames)}."];
        }
        if (errors.Count > 0)
            return AdminError.Invalid(errors);
        var after = Paging.Decode(cursor, 2);
        var afterTime = DateTimeOffset.MinValue;
        if (cursor is not null && (after is null || !DateTimeOffset.TryParse(after[0], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out afterTime)))
            return Paging.BadCursor();

        var query = db.StripeEvents.AsNoTracking();
        if (wanted is { } s)
            query = query.Where(e => e.Status == s);
        if (!string.IsNullOrEmpty(type))
            query = query.Where(e => e.Type == type);
        if (after is not null)
        {
            var afterId = after[1];
            // A row comparison, which PostgreSQL answers from the (received_at, id) index; an OR of the two cases it cannot.
            query = query.Where(e => EF.Functions.LessThan(ValueTuple.Create(e.ReceivedAt, e.Id), ValueTuple.Create(afterTime, afterId)));
        }
        var rows = await (
            from e in query.OrderByDescending(e => e.ReceivedAt).ThenByDescending(e => e.Id).Take(take + 1)
            join r in db.Users on e.ReaderId equals r.Id into readers
            from reader in readers.DefaultIfEmpty()
            orderby e.ReceivedAt descending, e.Id descending
            select new { e.Id, e.Type, e.Status, e.Attempts, e.LastError, e.ReceivedAt, e.StripeCreatedAt, e.ProcessedAt, e.ReaderId, Email = reader == null ? null : reader.Email })
            .ToListAsync(cancellationToken);
        return Paging.Build(rows, take,
            e => new StripeEventSummary(e.Id, e.Type, StatusName(e.Status), e.Attempts, e.LastError, e.ReceivedAt, e.StripeCreatedAt, e.ProcessedAt, e.ReaderId, e.Email),
            e => Paging.Encode(e.ReceivedAt.ToString("O", CultureInfo.InvariantCulture), e.Id));
    }
}
