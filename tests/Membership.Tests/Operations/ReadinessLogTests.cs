using System.Net;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Membership.Tests.Operations;

/// <summary>A database outage probed many times is logged once as a warning, and once when it is over.</summary>
public sealed class ReadinessLogTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task Failed_readiness_probes_log_one_warning_per_change_of_state_and_no_errors()
    {
        var logs = new LevelledLogCapture();
        await using var instance = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = instance.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        await SetConnectionsAllowedAsync(false);
        try
        {
            for (var i = 0; i < 5; i++)
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }
        await Eventually.UntilAsync(
            async () => (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode == HttpStatusCode.OK, "ready again");

        var readiness = logs.Entries.Where(e => e.Line.StartsWith("Membership.Web.Data.ReadinessLog", StringComparison.Ordinal)).ToList();
        Assert.Equal(LogLevel.Warning, Assert.Single(readiness, e => e.Line.Contains("Not ready", StringComparison.Ordinal)).Level);
        Assert.Single(readiness, e => e.Line.Contains("Ready again", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Line.Contains("Health check", StringComparison.Ordinal) && e.Level >= LogLevel.Error);
    }

    private async Task SetConnectionsAllowedAsync(bool allowed)
    {
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(TestDatabase.ServerConnectionString) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{app.Database.Name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", admin))
            await alter.ExecuteNonQueryAsync();
        if (allowed)
            return;
        await using var cut = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()", admin);
        cut.Parameters.Add(new() { Value = app.Database.Name });
        await cut.ExecuteNonQueryAsync();
    }
}
