using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Membership.Web.Data;

/// <summary>Applies pending migrations; safe when several machines run it at once.</summary>
public sealed class DatabaseMigrator(MembershipDbContext db, NpgsqlDataSource dataSource, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        // EF Core locks the history table, but only once it exists; the advisory lock also covers
        // the very first run, when two instances would otherwise both create it.
        await using var migrationLock = await AdvisoryLock.AcquireAsync(dataSource, AdvisoryLockKeys.Migrations, cancellationToken);
        var pending = await db.PendingMigrationsAsync(cancellationToken);
        if (pending.Count == 0)
        {
            logger.LogInformation("Database is up to date");
            return;
        }
        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        logger.LogInformation("Migrations applied");
    }
}
