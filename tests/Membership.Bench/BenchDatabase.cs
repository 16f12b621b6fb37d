using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Membership.Bench;

/// <summary>A database of its own for one benchmark run, migrated, dropped at the end.</summary>
internal static class BenchDatabase
{
    public static MembershipDbContext Context(string connectionString) =>
        new(new DbContextOptionsBuilder<MembershipDbContext>()
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention().Options);

    public static async Task<string> CreateAsync(string server, string name)
    {
        await using (var admin = new NpgsqlConnection(WithDatabase(server, "postgres")))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = WithDatabase(server, name);
        await using var db = Context(connectionString);
        await db.Database.MigrateAsync();
        return connectionString;
    }

    public static async Task DropAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(WithDatabase(server, "postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string WithDatabase(string server, string database) =>
        new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
}
