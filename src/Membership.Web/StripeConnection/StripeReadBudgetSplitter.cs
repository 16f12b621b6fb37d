using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.StripeConnection;

/// <summary>
/// Counts the running instances every 15 seconds, by the sessions their change listeners hold in this
/// database, and splits the Stripe read budget among them. When the count cannot be read, the last one stays.
/// </summary>
public sealed class StripeReadBudgetSplitter(
    IServiceScopeFactory scopes, StripeReadBudget budget, TimeProvider time, ILogger<StripeReadBudgetSplitter> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<MembershipDbContext>();
                var instances = await db.Database.SqlQuery<int>($"""
                    SELECT count(*)::int AS "Value" FROM pg_stat_activity
                    WHERE datname = current_database() AND application_name = 'membership-change-listener'
                    """).SingleAsync(stoppingToken);
                if (instances != budget.Instances && instances > 0)
                {
                    budget.SetInstances(instances);
                    logger.LogInformation("Stripe reads: {Instances} instances share the budget, {Share:0.#} per second each", budget.Instances, budget.Share);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogDebug("Could not count the instances sharing the Stripe read budget: {Error}", e.Message);
            }
            await Task.Delay(Interval, time, stoppingToken);
        }
    }
}
