using Membership.Tests.Infrastructure;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Membership.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public void Every_model_change_is_covered_by_a_migration()
    {
        using var db = TestDatabase.CreateContext("Host=unused");

        Assert.False(db.Database.HasPendingModelChanges(),
            "The model has changes no migration covers: add one with dotnet ef migrations add (see README).");
    }

    [Fact]
    public async Task Several_machines_migrating_the_same_empty_database_at_once_all_succeed()
    {
        await using var empty = await TestDatabase.CreateEmptyAsync();

        var migrators = Enumerable.Range(0, 4).Select(_ => MigrateAsync(empty.ConnectionString));
        await Task.WhenAll(migrators);

        await using var db = TestDatabase.CreateContext(empty.ConnectionString);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
    }

    private static async Task MigrateAsync(string connectionString)
    {
        // Each "machine" has its own pool, as separate processes would.
        await using var dataSource = new NpgsqlDataSourceBuilder(connectionString + ";Application Name=" + Guid.NewGuid()).Build();
        await using var db = TestDatabase.CreateContext(connectionString);
        await new DatabaseMigrator(db, dataSource, NullLogger<DatabaseMigrator>.Instance).MigrateAsync();
    }
}
