using Npgsql;

namespace Membership.Web.Admin;

/// <summary>
/// Computes <see cref="MetricsReport"/> with four SQL aggregates in one round trip: a group-by over
/// subscriptions (status index), one over paying subscriptions joined to their prices, one over the last
/// 90 days of status changes (occurred_at index) and a count of grants. No reader row is read.
/// </summary>
public sealed class MemberMetrics(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const int Days = 90;

    public async Task<MetricsReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var firstDay = today.AddDays(1 - Days);
        var since = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT status, count(*) FROM subscriptions GROUP BY status ORDER BY count(*) DESC, status"));
        // Counted per price first, so the join to prices touches a handful of rows, not every subscription.
        batch.BatchCommands.Add(Command("""
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
            """, MemberStatuses.Paying));
        batch.BatchCommands.Add(Command("""
            SELECT (occurred_at AT TIME ZONE 'UTC')::date,
                   count(*) FILTER (WHERE "to" IN ('active', 'trialing') AND ("from" IS NULL OR "from" <> ALL($1))),
                   count(*) FILTER (WHERE "from" = ANY($1) AND ("to" IS NULL OR "to" <> ALL($1))),
                   count(*) FILTER (WHERE "to" = 'trialing' AND ("from" IS NULL OR "from" <> ALL($1))),
                   count(*) FILTER (WHERE "from" = 'trialing' AND "to" = 'active'),
                   count(*) FILTER (WHERE "from" = 'trialing' AND ("to" IS NULL OR "to" <> ALL($1)))
            FROM subscription_history
            WHERE change = 'status' AND occurred_at >= $2
            GROUP BY 1
            """, MemberStatuses.Members, since));
        batch.BatchCommands.Add(Command("""
            SELECT count(DISTINCT reader_id) FROM grants
            WHERE starts_at <= $1 AND (until IS NULL OR until > $1) AND (ended_at IS NULL OR ended_at > $1)
            """, now));

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var byStatus = new List<StatusCount>();
        while (await reader.ReadAsync(cancellationToken))
            byStatus.Add(new StatusCount(reader.GetString(0), reader.GetInt64(1)));

        await reader.NextResultAsync(cancellationToken);
        var mrr = new List<MonthlyRevenue>();
        while (await reader.ReadAsync(cancellationToken))
            mrr.Add(new MonthlyRevenue(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));

        await reader.NextResultAsync(cancellationToken);
        var days = new Dictionary<DateOnly, long[]>();
        while (await reader.ReadAsync(cancellationToken))
            days[reader.GetFieldValue<DateOnly>(0)] = [reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)];

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var complimentary = reader.GetInt64(0);

        var daily = Enumerable.Range(0, Days).Select(i => firstDay.AddDays(i))
            .Select(d => days.TryGetValue(d, out var c) ? new DayCount(d, c[0], c[1]) : new DayCount(d, 0, 0)).ToList();
        var (started, converted, lost) = (days.Values.Sum(c => c[2]), days.Values.Sum(c => c[3]), days.Values.Sum(c => c[4]));
        var trials = new TrialConversions(started, converted, lost, byStatus.FirstOrDefault(s => s.Status == "trialing")?.Count ?? 0,
            converted + lost == 0 ? null : Math.Round((double)converted / (converted + lost), 4));
        var members = byStatus.Where(s => MemberStatuses.Members.Contains(s.Status)).Sum(s => s.Count);
        return new MetricsReport(now, members, byStatus, mrr, daily, trials, complimentary);
    }

    // Not "params object[]": a string[] argument would spread into one parameter per status.
    private static NpgsqlBatchCommand Command(string sql, object first, object? second = null)
    {
        var command = new NpgsqlBatchCommand(sql) { Parameters = { new NpgsqlParameter { Value = first } } };
        if (second is not null)
            command.Parameters.Add(new NpgsqlParameter { Value = second });
        return command;
    }
}
