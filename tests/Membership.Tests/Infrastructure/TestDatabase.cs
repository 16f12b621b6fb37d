using System.Security.Cryptography;
using System.Text;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// A fresh, fully migrated database for one test class, copied from a template database that is
/// migrated once per migration set; a copy takes milliseconds where migrating takes seconds.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? s_templateName;

    private TestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    /// <summary>The server <c>build.sh test</c> provides, whatever the caller configured, or the private cluster.</summary>
    public static string ServerConnectionString => TestServer.ConnectionString;

    public static async Task<TestDatabase> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = $"test_{Guid.NewGuid():N}";
        await using (var admin = await OpenAdminAsync())
        {
            // CREATE DATABASE fails while another session is copying the same template; retry briefly.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", admin);
                    await create.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
                {
                    await Task.Delay(20 * attempt);
                }
            }
        }
        return new TestDatabase(name, WithDatabase(name));
    }

    /// <summary>A database with no tables at all, for tests of migrating and of readiness.</summary>
    public static async Task<TestDatabase> CreateEmptyAsync()
    {
        var name = $"test_{Guid.NewGuid():N}";
        await using var admin = await OpenAdminAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(name, WithDatabase(name));
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);
        await using var admin = await OpenAdminAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            return s_templateName ??= await CreateTemplateAsync();
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task<string> CreateTemplateAsync()
    {
        var name = $"template_{MigrationSetKey()[..16]}";
        await using var admin = await OpenAdminAsync();
        // Several test processes may start at once: one creates the template, the others wait.
        await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({TemplateLockKey})", admin))
            await take.ExecuteNonQueryAsync();
        try
        {
            await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", admin);
            exists.Parameters.AddWithValue("name", name);
            if (await exists.ExecuteScalarAsync() is null)
                await MigrateNewDatabaseAsync(admin, name);
            return name;
        }
        finally
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({TemplateLockKey})", admin);
            await release.ExecuteNonQueryAsync();
        }
    }

    private static async Task MigrateNewDatabaseAsync(NpgsqlConnection admin, string name)
    {
        var building = name + "_building";
        await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)", admin))
            await drop.ExecuteNonQueryAsync();
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{building}\"", admin))
            await create.ExecuteNonQueryAsync();

        var connectionString = WithDatabase(building);
        await using (var db = CreateContext(connectionString))
            await db.Database.MigrateAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
            NpgsqlConnection.ClearPool(connection);

        // Renamed only once complete, so a crash mid-migration never leaves a half-built template.
        await using var rename = new NpgsqlCommand($"ALTER DATABASE \"{building}\" RENAME TO \"{name}\"", admin);
        await rename.ExecuteNonQueryAsync();
    }

    public static MembershipDbContext CreateContext(string connectionString) =>
        new(new DbContextOptionsBuilder<MembershipDbContext>()
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .Options);

    /// <summary>
    /// The advisory lock test processes take while one of them builds the template. Test-side only (the
    /// service never takes it); <c>AdvisoryLockKeysTests</c> checks it differs from every key in
    /// <see cref="AdvisoryLockKeys"/>.
    /// </summary>
    public const long TemplateLockKey = 7263;

    /// <summary>
    /// A hash of the whole migration set: every migration id, the SQL every migration generates, and the
    /// model snapshot. Keyed on the newest id alone, a merged branch's older migration, or an edited one,
    /// would reuse a template that lacks it.
    /// </summary>
    internal static string MigrationSetKey()
    {
        using var db = CreateContext("Host=unused");
        var migrations = db.GetService<IMigrationsAssembly>();
        var text = new StringBuilder();
        foreach (var id in migrations.Migrations.Keys.Order(StringComparer.Ordinal))
            text.Append(id).Append('\n');
        text.Append(db.GetService<IMigrator>().GenerateScript());
        text.Append(migrations.ModelSnapshot?.Model.ToDebugString(MetadataDebugStringOptions.LongDefault));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    private static string WithDatabase(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database }.ConnectionString;

    private static async Task<NpgsqlConnection> OpenAdminAsync()
    {
        var connection = new NpgsqlConnection(WithDatabase("postgres"));
        await connection.OpenAsync();
        return connection;
    }
}
