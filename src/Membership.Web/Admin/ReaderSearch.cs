using Membership.Web.AdminActions;
using Microsoft.AspNetCore.Identity;
using Npgsql;

namespace Membership.Web.Admin;

public sealed record ReaderSummary(
    Guid Id, string? Email, string? DisplayName, DateTimeOffset CreatedAt, string Status, string? PlanKey, bool Complimentary);

/// <summary>
/// Finds readers by id, exact email or email prefix, a page at a time. Every query is one range read of
/// the <c>(normalized_email COLLATE "C", id)</c> index, so it costs the same with ten readers or ten million.
/// </summary>
public sealed class ReaderSearch(NpgsqlDataSource dataSource, ILookupNormalizer normalizer, TimeProvider time)
{
    // Byte order (collation C) is what lets a prefix become an index range; the highest code point closes it.
    private const string PrefixEnd = "\U0010FFFF";

    public async Task<AdminResult<Page<ReaderSummary>>> SearchAsync(string? query, string? cursor, int? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = Paging.CheckLimit(limit, errors);
        if (errors.Count > 0)
            return AdminError.Invalid(errors);
        var after = Paging.Decode(cursor, 2);
        if (cursor is not null && (after is null || !Guid.TryParse(after[1], out _)))
            return Paging.BadCursor();

        query = query?.Trim();
        await using var command = dataSource.CreateCommand();
        string filter;
        if (Guid.TryParse(query, out var id))
        {
            filter = "r.id = @id";
            command.Parameters.AddWithValue("id", id);
        }
        else if (!string.IsNullOrEmpty(query))
        {
            var prefix = normalizer.NormalizeEmail(query);
            filter = """r.normalized_email COLLATE "C" >= @from AND r.normalized_email COLLATE "C" < @to""";
            command.Parameters.AddWithValue("from", prefix);
            command.Parameters.AddWithValue("to", prefix + PrefixEnd);
        }
        else
        {
            filter = "r.normalized_email IS NOT NULL";
        }
        if (after is not null)
        {
            filter += """ AND (r.normalized_email COLLATE "C", r.id) > (@afterEmail, @afterId)""";
            command.Parameters.AddWithValue("afterEmail", after[0]);
            command.Parameters.AddWithValue("afterId", Guid.Parse(after[1]));
        }
        command.CommandText = $"""
            SELECT r.id, r.email, r.normalized_email, r.display_name, r.created_at, s.status, s.plan_key,
                   EXISTS (SELECT 1 FROM grants g WHERE g.reader_id = r.id AND g.starts_at <= @now
                           AND (g.until IS NULL OR g.until > @now) AND (g.ended_at IS NULL OR g.ended_at > @now)) AS complimentary
            FROM readers r
            LEFT JOIN LATERAL (
                SELECT CASE WHEN x.collection_paused AND (x.pause_resumes_at IS NULL OR x.pause_resumes_at > @now)
                            AND x.status IN ('active', 'trialing', 'past_due') THEN 'paused' ELSE x.status END AS status,
                       x.plan_key FROM subscriptions x WHERE x.reader_id = r.id
                ORDER BY x.status = ANY(@members) DESC, x.created_at DESC LIMIT 1) s ON true
            WHERE {filter}
            ORDER BY r.normalized_email COLLATE "C", r.id
            LIMIT @limit
            """;
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.AddWithValue("members", MemberStatuses.Members);
        command.Parameters.AddWithValue("limit", take + 1);

        var rows = new List<(ReaderSummary Reader, string? NormalizedEmail)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((new ReaderSummary(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? "none" : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetBoolean(7)), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return Paging.Build(rows, take, r => r.Reader, r => Paging.Encode(r.NormalizedEmail ?? "", r.Reader.Id.ToString()));
    }
}
