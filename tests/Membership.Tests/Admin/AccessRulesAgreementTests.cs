using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Membership.Tests.Admin;

/// <summary>
/// The SQL functions the admin counts use (subscription_standing, subscription_grants_access, grant_in_effect)
/// and the C# rules the entitlement policy uses give the same answer for every case in one table: each status
/// against period ends, cancellations, failed payments and pauses before, at and after "now" (and grants'
/// starts and ends likewise). The SQL side runs in PostgreSQL, the C# side through EntitlementPolicy.Evaluate.
/// </summary>
public sealed class AccessRulesAgreementTests(AdminApp app) : IClassFixture<AdminApp>
{
    private static readonly DateTimeOffset Now = new(2027, 3, 28, 1, 30, 0, TimeSpan.Zero); // the night clocks change in Europe
    private static readonly TimeSpan Grace = TimeSpan.FromDays(7);

    private static readonly string[] Statuses = ["active", "trialing", "past_due", "paused", "canceled", "unpaid", "incomplete", "incomplete_expired"];
    private static readonly DateTimeOffset?[] Instants = [null, Now.AddDays(-30), Now - Grace, Now.AddDays(-1), Now, Now.AddSeconds(1), Now.AddDays(1)];

    private static readonly bool[] Booleans = [false, true];
    private static readonly DateTimeOffset?[] CancelAts = [null, Now.AddDays(-1), Now, Now.AddDays(1)];
    private static readonly DateTimeOffset?[] FailedAts = [null, Now.AddDays(-30), Now - Grace, Now - Grace + TimeSpan.FromSeconds(1), Now.AddDays(-1)];
    private static readonly (bool, DateTimeOffset?)[] Pauses = [(false, null), (true, null), (true, Now.AddDays(-1)), (true, Now), (true, Now.AddDays(1))];
    private static readonly DateTimeOffset[] Starts = [Now.AddDays(-1), Now, Now.AddSeconds(1)];

    private sealed record SubscriptionCase(string Status, DateTimeOffset? PeriodEnd, bool CancelAtPeriodEnd, DateTimeOffset? CancelAt,
        DateTimeOffset? FirstFailedAt, bool Paused, DateTimeOffset? ResumesAt);

    private static IEnumerable<SubscriptionCase> SubscriptionCases() =>
        from status in Statuses
        from periodEnd in Instants
        from cancelAtPeriodEnd in Booleans
        from cancelAt in CancelAts
        from failedAt in FailedAts
        from pause in Pauses
        select new SubscriptionCase(status, periodEnd, cancelAtPeriodEnd, cancelAt, failedAt, pause.Item1, pause.Item2);

    [Fact]
    public async Task Sql_standing_and_access_agree_with_the_policy_for_every_subscription_case()
    {
        var cases = SubscriptionCases().ToList();
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            SELECT subscription_standing(status, period_end, cancel_at_period_end, cancel_at, failed_at, paused, resumes_at, $8, $9),
                   subscription_grants_access(status, period_end, cancel_at_period_end, cancel_at, failed_at, paused, resumes_at, $8, $9)
            FROM unnest($1::text[], $2::timestamptz[], $3::boolean[], $4::timestamptz[], $5::timestamptz[], $6::boolean[], $7::timestamptz[])
                 WITH ORDINALITY AS c(status, period_end, cancel_at_period_end, cancel_at, failed_at, paused, resumes_at, n)
            ORDER BY n
            """);
        foreach (var column in new object[]
                 {
                     cases.Select(c => c.Status).ToArray(), cases.Select(c => c.PeriodEnd).ToArray(), cases.Select(c => c.CancelAtPeriodEnd).ToArray(),
                     cases.Select(c => c.CancelAt).ToArray(), cases.Select(c => c.FirstFailedAt).ToArray(), cases.Select(c => c.Paused).ToArray(),
                     cases.Select(c => c.ResumesAt).ToArray(), Grace, Now,
                 })
            command.Parameters.Add(new NpgsqlParameter { Value = column });
        var sql = new List<(string Standing, bool Grants)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                sql.Add((reader.GetString(0), reader.GetBoolean(1)));

        Assert.Equal(cases.Count, sql.Count);
        var disagreements = new List<string>();
        var kinds = new HashSet<StandingKind>();
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var facts = new SubscriptionFacts("sub_case", "plan", c.Status, c.PeriodEnd, c.CancelAtPeriodEnd, c.CancelAt, c.FirstFailedAt,
                [PlanFeatures.AdFree], Now.AddDays(-60), c.Paused, c.ResumesAt);
            var standing = SubscriptionStanding.Of(facts, Grace, Now);
            var policy = EntitlementPolicy.Evaluate(Guid.Empty, [facts], [], Grace, Now);
            kinds.Add(standing.Kind);
            if (sql[i].Standing != standing.Word || sql[i].Grants != policy.AdFree || standing.GrantsAccess != policy.AdFree)
                disagreements.Add($"{c}: SQL {sql[i]}, C# {standing.Word}, policy ad-free {policy.AdFree}");
        }

        Assert.Empty(disagreements);
        Assert.Equal(Enum.GetValues<StandingKind>().ToHashSet(), kinds); // the table reaches every word
        Assert.Contains(sql, r => r.Grants);
        Assert.Contains(sql, r => !r.Grants);
    }

    [Fact]
    public async Task Sql_grant_in_effect_agrees_with_the_policy_for_every_grant_case()
    {
        var cases = (from starts in Starts
                     from until in Instants
                     from ended in Instants
                     select (Starts: starts, Until: until, Ended: ended)).ToList();
        await using var command = app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("""
            SELECT grant_in_effect(starts_at, until, ended_at, $4)
            FROM unnest($1::timestamptz[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS g(starts_at, until, ended_at, n)
            ORDER BY n
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.Starts).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.Until).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = cases.Select(c => c.Ended).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = Now });
        var sql = new List<bool>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                sql.Add(reader.GetBoolean(0));

        Assert.Equal(cases.Count, sql.Count);
        var disagreements = cases.Select((c, i) => (c, i))
            .Where(x => sql[x.i] != EntitlementPolicy.Evaluate(Guid.Empty, [], [new GrantFacts(Guid.Empty, PlanFeatures.AdFree, x.c.Starts, x.c.Until, x.c.Ended)], Grace, Now).AdFree)
            .Select(x => $"{x.c}: SQL {sql[x.i]}").ToList();
        Assert.Empty(disagreements);
        Assert.Contains(true, sql);
        Assert.Contains(false, sql);
    }

    [Fact]
    public void The_sql_lists_of_statuses_are_the_csharp_lists()
    {
        Assert.Equal(StripeSubscriptionStatuses.MayGrantAccessSql, SqlList(StripeSubscriptionStatuses.MayGrantAccess));
        Assert.Equal(StripeSubscriptionStatuses.RenewingSql, SqlList(StripeSubscriptionStatuses.Renewing));
    }

    private static string SqlList(IEnumerable<string> statuses) => "(" + string.Join(", ", statuses.Select(s => $"'{s}'")) + ")";
}
