using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.ApiKeys;

public sealed class ApiKeysAdminApiTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task A_new_key_is_shown_once_stored_as_a_hash_listed_without_secrets_and_audited()
    {
        var admin = await app.AdminAsync();
        var name = $"site {Guid.NewGuid():N}";

        var response = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name, kind = "site" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = created.GetProperty("key").GetString()!;
        var id = created.GetProperty("id").GetGuid();
        Assert.StartsWith("site_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 40);
        Assert.Equal(key[..12], created.GetProperty("prefix").GetString());

        var stored = await app.WithDbAsync(db => db.ApiKeys.SingleAsync(k => k.Id == id));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(key)), stored.Hash);
        var list = await admin.GetStringAsync(new Uri("/api/v1/admin/api-keys", UriKind.Relative));
        Assert.Contains(name, list, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", list, StringComparison.OrdinalIgnoreCase);
        var listed = JsonDocument.Parse(list).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == id);
        Assert.Equal("site", listed.GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("revokedAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);

        var audit = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == id.ToString()).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal("api_key.create", entry.Action);
        Assert.Equal(SiteSettings.AdminEmail, entry.Actor);
        Assert.DoesNotContain(key, entry.Details!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_stops_the_key_at_once_is_audited_once_and_repeating_it_changes_nothing()
    {
        var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "to revoke", kind = "site" })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var site = app.SiteClient(created.GetProperty("key").GetString()!);
        Assert.Equal(HttpStatusCode.NotFound, (await site.GetAsync(new Uri($"/api/v1/entitlements/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);

        var first = await admin.DeleteAsync(new Uri($"/api/v1/admin/api-keys/{id}", UriKind.Relative));
        var again = await admin.DeleteAsync(new Uri($"/api/v1/admin/api-keys/{id}", UriKind.Relative));
        var unknown = await admin.DeleteAsync(new Uri($"/api/v1/admin/api-keys/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotEqual(JsonValueKind.Null, (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revokedAt").ValueKind);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await site.GetAsync(new Uri($"/api/v1/entitlements/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        var actions = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == id.ToString()).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["api_key.create", "api_key.revoke"], actions);
    }

    [Theory]
    [InlineData("{\"name\":\"\",\"kind\":\"site\"}")]
    [InlineData("{\"name\":\"x\",\"kind\":\"superuser\"}")]
    [InlineData("{\"name\":\"x\"}")]
    [InlineData("{\"kind\":\"site\"}")]
    public async Task Bad_requests_get_a_400_problem_and_create_nothing(string body)
    {
        var admin = await app.AdminAsync();
        var before = await app.WithDbAsync(db => db.ApiKeys.CountAsync());

        var response = await admin.PostAsync(new Uri("/api/v1/admin/api-keys", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.WithDbAsync(db => db.ApiKeys.CountAsync()));
    }

    [Fact]
    public async Task Readers_get_403_and_signed_out_callers_401()
    {
        var (reader, _, _) = await app.NewReaderAsync();

        var asReader = await reader.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "mine", kind = "admin" });
        var signedOut = await app.CreateClient().GetAsync(new Uri("/api/v1/admin/api-keys", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, asReader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.ApiKeys.AnyAsync(k => k.Name == "mine")));
    }
}
