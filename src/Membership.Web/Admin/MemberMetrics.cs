using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Admin;

/// <summary>
/// Computes <see cref="MetricsReport"/> with five SQL aggregates, run side by side on their own
/// connections: subscriptions by status (status index), members (readers, not subscriptions: one
/// with two live subscriptions is one member), paying subscriptions counted per price, the last 90
/// days of status changes (new and churned count readers) (occurred_at index) and the grants in effect. No reader row is read.
/// </summary>
public sealed class MemberMetrics(NpgsqlDataSource dataSource, TimeProvider time, IOptions<MembershipOptions> membership)
{
    public const int Days = 90;

    public async Task<MetricsReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var firstDay = today.AddDays(1 - Days);
        var since = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        var byStatusQuery = ReadAsync(
            // A reader's pause counts as "paused" (Stripe keeps such a subscription "active"), as the policy reports it.
            """
            SELECT CASE WHEN collection_paused AND (pause_resumes_at IS NULL OR pause_resumes_at > $1)
                        AND status IN ('active', 'trialing', 'past_due') THEN 'paused' ELSE status END AS s, count(*)
            FROM subscriptions GROUP BY 1 ORDER BY count(*) DESC, 1
            """, [now],
            r => new StatusCount(r.GetString(0), r.GetInt64(1)), cancellationToken);
        // An index-only scan of (status, plan_key, reader_id).
        // Members as the entitlement policy has them: access that has not run out, past_due only within its grace, not paused.
        var membersQuery = ReadAsync($"""
            SELECT count(DISTINCT reader_id) FROM subscriptions
            WHERE status = ANY($1) AND {AccessRulesSql.GrantsAccess("subscriptions", "$3", "$2")}
            """, [StripeSubscriptionStatuses.MayGrantAccess, now, TimeSpan.FromDays(membership.Value.GracePeriodDays)],
            r => r.GetInt64(0), cancellationToken);
        // Counted per price first, so the join to prices touches a handful of rows, not every subscription.
        var mrrQuery = ReadAsync("""
            WITH paying AS (
                SELECT stripe_price_id, plan_key, count(*) AS n FROM subscriptions WHERE status = ANY($1) GROUP BY 1, 2)
            SELECT coalesce(pp.currency, p.currency) AS currency,
                   round(sum(s.n * CASE coalesce(pp.interval, p.interval) WHEN 'year' THEN coalesce(pp.amount, p.amount) / 12.0
                                                                          ELSE coalesce(pp.amount, p.amount) END))::bigint,
                   sum(s.n)::bigint
            FROM paying s
            LEFT JOIN plan_prices pp ON pp.stripe_price_id = s.stripe_price_id
            LEFT JOIN plans p ON p.key = s.plan_key
            WHERE coalesce(pp.currency, p.currency) IS NOT NULL
            GROUP BY 1 ORDER BY 1
            """, [StripeSubscriptionStatuses.Paying], r => new MonthlyRevenue(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), cancellationToken);
        var daysQuery = ReadAsync("""
            SELECT (occurred_at AT TIME ZONE 'UTC')::date,
                   count(DISTINCT reader_id) FILTER (WHERE "to" IN ('active', 'trialing') AND ("from" IS NULL OR "from" <> ALL($1))),
                   count(DISTINCT reader_id) FILTER (WHERE "from" = ANY($1) AND ("to" IS NULL OR "to" <> ALL($1))),
                   count(*) FILTER (WHERE "to" = 'trialing' AND ("from" IS NULL OR "from" <> ALL($1))),
                   count(*) FILTER (WHERE "from" = 'trialing' AND "to" = 'active'),
                   count(*) FILTER (WHERE "from" = 'trialing' AND ("to" IS NULL OR "to" <> ALL($1)))
            FROM subscription_history
            WHERE change = 'status' AND occurred_at >= $2
            GROUP BY 1
            """, [StripeSubscriptionStatuses.MayGrantAccess, since],
            r => (Day: r.GetFieldValue<DateOnly>(0), Counts: new[] { r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5) }),
            cancellationToken);
        var complimentaryQuery = ReadAsync($"""
            SELECT count(DISTINCT reader_id) FROM grants WHERE {AccessRulesSql.GrantInEffect("grants", "$1")}
            """, [now], r => r.GetInt64(0), cancellationToken);
        await Task.WhenAll(byStatusQuery, membersQuery, mrrQuery, daysQuery, complimentaryQuery);

        var byStatus = await byStatusQuery;
        var days = (await daysQuery).ToDictionary(d => d.Day, d => d.Counts);
        var daily = Enumerable.Range(0, Days).Select(i => firstDay.AddDays(i))
            .Select(d => days.TryGetValue(d, out var c) ? new DayCount(d, c[0], c[1]) : new DayCount(d, 0, 0)).ToList();
        var (started, converted, lost) = (days.Values.Sum(c => c[2]), days.Values.Sum(c => c[3]), days.Values.Sum(c => c[4]));
        var trials = new TrialConversions(started, converted, lost, byStatus.FirstOrDefault(s => s.Status == "trialing")?.Count ?? 0,
            converted + lost == 0 ? null : Math.Round((double)converted / (converted + lost), 4));
        return new MetricsReport(now, (await membersQuery).Single(), byStatus, await mrrQuery, daily, trials, (await complimentaryQuery).Single());
    }

    private async Task<List<T>> ReadAsync<T>(string sql, object[] parameters, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
            rows.Add(map(reader));
        return rows;
    }
}
