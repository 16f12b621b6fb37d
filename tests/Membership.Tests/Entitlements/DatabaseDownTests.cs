using System.Net;
using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Npgsql;

namespace Membership.Tests.Entitlements;

/// <summary>
/// The database goes away (for this test's database only: new connections refused, open ones cut):
/// answers held in memory keep coming, marked stale; nothing else is made up.
/// </summary>
public sealed class DatabaseDownTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task Cached_answers_are_served_marked_stale_while_the_database_is_down_and_fresh_again_after()
    {
        var (_, cachedReader, _) = await app.NewReaderAsync();
        var uncachedReader = await app.RegisteredReaderAsync();
        await (await app.AdminAsync()).GrantAdFreeAsync(cachedReader);
        var site = app.SiteClient();
        await Eventually.UntilAsync(() => site.IsAdFreeAsync(cachedReader), "the grant is seen");
        var (_, before) = await site.GetJsonAsync($"/api/v1/entitlements/{cachedReader}");
        Assert.False(before.TryGetProperty("stale", out _));

        await SetConnectionsAllowedAsync(false);
        try
        {
            HttpResponseMessage? stale = null;
            await Eventually.UntilAsync(async () =>
            {
                stale = await site.GetAsync(new Uri($"/api/v1/entitlements/{cachedReader}", UriKind.Relative));
                return stale.Headers.Contains(EntitlementProblems.StaleHeader);
            }, "the cached answer is marked stale");
            Assert.Equal(HttpStatusCode.OK, stale!.StatusCode);
            var body = System.Text.Json.JsonDocument.Parse(await stale.Content.ReadAsStringAsync()).RootElement;
            Assert.True(body.GetProperty("adFree").GetBoolean());
            Assert.True(body.GetProperty("stale").GetBoolean());

            using var unknown = await site.GetAsync(new Uri($"/api/v1/entitlements/{uncachedReader}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unknown.StatusCode);
            Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
        }
        finally
        {
            await SetConnectionsAllowedAsync(true);
        }

        await Eventually.UntilAsync(async () =>
        {
            var (status, body) = await site.GetJsonAsync($"/api/v1/entitlements/{cachedReader}");
            return status == HttpStatusCode.OK && !body.TryGetProperty("stale", out _);
        }, "fresh answers once the database is back");
        Assert.Equal(HttpStatusCode.OK, (await site.GetJsonAsync($"/api/v1/entitlements/{uncachedReader}")).Status);
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
