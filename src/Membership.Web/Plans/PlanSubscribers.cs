using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Plans;

/// <summary>
/// A plan's subscribers are readers whose subscription to it grants access as the entitlement policy decides
/// (past due only within grace, not paused, not past its period), and readers, not subscriptions: a reader with
/// two live subscriptions to a plan is one subscriber. The status index narrows the rows before the rule runs.
/// </summary>
public sealed class PlanSubscribers(NpgsqlDataSource dataSource, TimeProvider time, IOptions<MembershipOptions> membership)
{
    public async Task<Dictionary<string, int>> ByPlanAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var command = Command("s.plan_key IS NOT NULL");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            counts[reader.GetString(0)] = reader.GetInt32(1);
        return counts;
    }

    public async Task<int> OfPlanAsync(string planKey, CancellationToken cancellationToken)
    {
        await using var command = Command("s.plan_key = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = planKey });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? reader.GetInt32(1) : 0;
    }

    private NpgsqlCommand Command(string plans)
    {
        var command = dataSource.CreateCommand($"""
            SELECT s.plan_key, count(DISTINCT s.reader_id)::int FROM subscriptions s
            WHERE {plans} AND s.status IN {StripeSubscriptionStatuses.MayGrantAccessSql} AND {AccessRulesSql.GrantsAccess("s", "$2", "$1")}
            GROUP BY s.plan_key
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = time.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter { Value = TimeSpan.FromDays(membership.Value.GracePeriodDays) });
        return command;
    }
}
