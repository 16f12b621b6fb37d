using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Membership.Web.Data;

/// <summary>Ready when the database answers and every migration this build knows is applied.</summary>
public sealed class DatabaseReadyCheck(MembershipDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.PendingMigrationsAsync(cancellationToken)).Count;
            return pending == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending} migration(s) pending");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // A restarted server leaves dead connections in the pool; drop them so the next check reconnects.
            NpgsqlConnection.ClearAllPools();
            return HealthCheckResult.Unhealthy("database unreachable");
        }
    }
}
