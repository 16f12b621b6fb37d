using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Membership.Web.Data;

public static class PendingMigrations
{
    /// <summary>
    /// The migrations this build knows that the database lacks. Checks for the history table first,
    /// so an empty database does not log a failed query on every readiness probe.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(this MembershipDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.GetService<IHistoryRepository>().ExistsAsync(cancellationToken))
            return db.Database.GetMigrations().ToList();
        return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
    }
}
