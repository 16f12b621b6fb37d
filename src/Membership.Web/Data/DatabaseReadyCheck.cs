using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Membership.Web.Data;

/// <summary>Ready when the database answers and every migration this build knows is applied.</summary>
public sealed class DatabaseReadyCheck(MembershipDbContext db, NpgsqlDataSource dataSource, ReadinessLog log) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var pending = (await db.PendingMigrationsAsync(cancellationToken)).Count;
            return log.Note(pending == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending} migration(s) pending"));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // A restarted server leaves dead connections in the pool; drop them so the next check reconnects.
            dataSource.Clear();
            NpgsqlConnection.ClearAllPools();
            return log.Note(HealthCheckResult.Unhealthy("database unreachable"));
        }
    }
}

/// <summary>
/// Logs readiness once per change of state (a warning when it is lost, information when it is back),
/// not once per probe: a 15 s outage probed every second is two lines, not thirty errors.
/// </summary>
public sealed class ReadinessLog(ILogger<ReadinessLog> logger)
{
    private readonly Lock _gate = new();
    private string? _last = "ready";

    public HealthCheckResult Note(HealthCheckResult result)
    {
        var state = result.Status == HealthStatus.Healthy ? "ready" : result.Description ?? "not ready";
        lock (_gate)
        {
            if (state == _last)
                return result;
            _last = state;
        }
        if (result.Status == HealthStatus.Healthy)
            logger.LogInformation("Ready again: the database answers and no migration is pending");
        else
            logger.LogWarning("Not ready: {Reason}", state);
        return result;
    }
}
