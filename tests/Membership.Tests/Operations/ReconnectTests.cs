using System.Net;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Membership.Tests.Operations;

/// <summary>
/// The change listener loses its connection and comes back: it forgets only the readers whose
/// entitlements changed while it was away (entitlement_changes since its horizon), not every answer.
/// </summary>
public sealed class ReconnectTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task After_a_reconnect_only_readers_changed_while_away_are_forgotten()
    {
        var (_, changed, _) = await app.NewReaderAsync();
        var (_, unchanged, _) = await app.NewReaderAsync();
        var admin = await app.AdminAsync();
        await admin.GrantAdFreeAsync(changed);
        await admin.GrantAdFreeAsync(unchanged);
        var site = app.SiteClient();
        await Eventually.UntilAsync(() => site.IsAdFreeAsync(changed), "the grant is seen");
        await Eventually.UntilAsync(() => site.IsAdFreeAsync(unchanged), "the grant is seen");
        var cache = app.Services.GetRequiredService<EntitlementCache>();
        Assert.True(cache.TryGet(changed, out _));
        Assert.True(cache.TryGet(unchanged, out var kept));
        // Each grant was written to the change log in its transaction.
        Assert.True(await ChangeRowsAsync(unchanged) >= 1);

        var listener = app.Services.GetRequiredService<ChangeListener>();
        // The listener's horizon moves past the grants it heard (it checkpoints every second).
        var afterGrants = DateTimeOffset.UtcNow;
        await Eventually.UntilAsync(() => Task.FromResult(listener.LookbackFrom > afterGrants), "the horizon moves on");
        // A change whose notification this instance never hears (it is logged, not announced), then the
        // listener's connection is cut.
        await ExecuteAsync(app.Database.ConnectionString, $"INSERT INTO entitlement_changes (reader_id) VALUES ('{changed}')");
        await ExecuteAsync(
            new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = "postgres" }.ConnectionString,
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{app.Database.Name}' AND application_name = 'membership-change-listener'");

        await Eventually.UntilAsync(
            () => Task.FromResult(!cache.TryGet(changed, out _) && listener.DownSince is null),
            "the listener is back and has forgotten the reader changed while it was away");
        Assert.True(cache.TryGet(unchanged, out var stillCached), "a reader not changed while away stays cached");
        Assert.Equal((kept.LoadedTicks, kept.EvaluatedTicks), (stillCached.LoadedTicks, stillCached.EvaluatedTicks));
        var (status, _) = await site.GetJsonAsync($"/api/v1/entitlements/{changed}");
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task<long> ChangeRowsAsync(Guid readerId)
    {
        await using var connection = new NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM entitlement_changes WHERE reader_id = $1", connection);
        command.Parameters.Add(new() { Value = readerId });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
