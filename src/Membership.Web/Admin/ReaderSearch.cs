using Membership.Web.AdminActions;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Admin;

/// <summary>
/// A reader in a list. <c>Status</c> is Stripe's status of the subscription their access rests on (picked as the
/// policy picks it; "paused" for a reader's pause); <c>Standing</c> is the whole truth in the one vocabulary
/// (<see cref="SubscriptionStanding.Word"/>, or "none") with the instant it runs until.
/// </summary>
public sealed record ReaderSummary(
    Guid Id, string? Email, string? DisplayName, DateTimeOffset CreatedAt, string Status, string? PlanKey, bool Complimentary,
    string Standing = "none", DateTimeOffset? StandingUntil = null)
{
    /// <summary>The standing to show (null: no subscription).</summary>
    public SubscriptionStanding? ToStanding() => SubscriptionStanding.KindOf(Standing) is { } kind ? new(kind, StandingUntil) : null;
}

/// <summary>
/// Finds readers by id, exact email or email prefix, a page at a time. Every query is one range read of
/// the <c>(normalized_email COLLATE "C", id)</c> index, so it costs the same with ten readers or ten million.
/// </summary>
public sealed class ReaderSearch(NpgsqlDataSource dataSource, ILookupNormalizer normalizer, TimeProvider time, IOptions<MembershipOptions> membership)
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
                   EXISTS (SELECT 1 FROM grants g WHERE g.reader_id = r.id AND {AccessRulesSql.GrantInEffect("g", "@now")}) AS complimentary,
                   s.current_period_end, s.cancel_at_period_end, s.cancel_at, s.first_failed_payment_at, s.collection_paused,
                   s.pause_resumes_at, s.canceled_at
            FROM readers r
            LEFT JOIN LATERAL (
                SELECT x.* FROM subscriptions x WHERE x.reader_id = r.id
                ORDER BY {AccessRulesSql.GrantsAccess("x", "@grace", "@now")} DESC, x.created_at DESC, x.stripe_subscription_id LIMIT 1) s ON true
            WHERE {filter}
            ORDER BY r.normalized_email COLLATE "C", r.id
            LIMIT @limit
            """;
        var now = time.GetUtcNow();
        var grace = TimeSpan.FromDays(membership.Value.GracePeriodDays);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("grace", grace);
        command.Parameters.AddWithValue("limit", take + 1);

        var rows = new List<(ReaderSummary Reader, string? NormalizedEmail)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var standing = reader.IsDBNull(5) ? (SubscriptionStanding?)null : SubscriptionStanding.Of(
                reader.GetString(5), Instant(reader, 8), reader.GetBoolean(9), Instant(reader, 10), Instant(reader, 11),
                reader.GetBoolean(12), Instant(reader, 13), grace, now, Instant(reader, 14));
            // A reader's pause shows as "paused" in Status too, as the policy's decision reports it.
            var status = standing?.Kind == StandingKind.Paused ? StripeSubscriptionStatuses.Paused : reader.IsDBNull(5) ? "none" : reader.GetString(5);
            rows.Add((new ReaderSummary(
                reader.GetGuid(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                status,
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.GetBoolean(7),
                standing?.Word ?? "none",
                standing?.Until), reader.IsDBNull(2) ? null : reader.GetString(2)));
        }
        return Paging.Build(rows, take, r => r.Reader, r => Paging.Encode(r.NormalizedEmail ?? "", r.Reader.Id.ToString()));
    }

    private static DateTimeOffset? Instant(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);
}
