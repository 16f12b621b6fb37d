using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.ApiKeys;

public sealed class ApiKeyAuthenticationTests(SiteApp app) : IClassFixture<SiteApp>
{
    private async Task<string> IssueKeyAsync(string kind)
    {
        var admin = await app.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"{kind} key", kind });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    [Fact]
    public async Task Without_a_valid_site_key_the_entitlement_api_answers_401()
    {
        var (reader, readerId, _) = await app.NewReaderAsync();
        var revoked = await IssueKeyAsync("site");
        var admin = await app.AdminAsync();
        var revokedId = (await admin.GetFromJsonAsync<JsonElement[]>("/api/v1/admin/api-keys"))!
            .Single(k => revoked.StartsWith(k.GetProperty("prefix").GetString()!, StringComparison.Ordinal)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await admin.DeleteAsync(new Uri($"/api/v1/admin/api-keys/{revokedId}", UriKind.Relative))).StatusCode);
        var path = $"/api/v1/entitlements/{readerId}";

        var noKey = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        var wrongKey = await app.SiteClient("site_this_is_not_a_key_at_all_0000").GetAsync(new Uri(path, UriKind.Relative));
        var almostRight = await app.SiteClient(SiteSettings.SiteKey[..^1] + "X").GetAsync(new Uri(path, UriKind.Relative));
        var revokedKey = await app.SiteClient(revoked).GetAsync(new Uri(path, UriKind.Relative));
        var readerCookie = await reader.GetAsync(new Uri(path, UriKind.Relative));
        var rightKey = await app.SiteClient().GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, almostRight.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, revokedKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, readerCookie.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, rightKey.StatusCode);
    }

    [Fact]
    public async Task A_site_key_is_forbidden_on_admin_routes_and_an_admin_key_is_let_in()
    {
        var adminKey = await IssueKeyAsync("admin");
        var (_, readerId, _) = await app.NewReaderAsync();

        var siteOnAdmin = await app.SiteClient().GetAsync(new Uri("/api/v1/admin/api-keys", UriKind.Relative));
        var siteGrants = await app.SiteClient().PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", reason = "self-service" });
        var adminOnAdmin = await app.SiteClient(adminKey).GetAsync(new Uri("/api/v1/admin/api-keys", UriKind.Relative));
        var adminGrants = await app.SiteClient(adminKey).PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", reason = "by script" });
        var adminOnSite = await app.SiteClient(adminKey).GetAsync(new Uri($"/api/v1/entitlements/{readerId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, siteOnAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, siteGrants.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminOnAdmin.StatusCode);
        Assert.Equal(HttpStatusCode.Created, adminGrants.StatusCode);
        // Site lookups take site keys only.
        Assert.Equal(HttpStatusCode.Forbidden, adminOnSite.StatusCode);
        var actor = await app.WithDbAsync(db => db.AuditLog.Where(a => a.ReaderId == readerId).Select(a => a.Actor).SingleAsync());
        Assert.StartsWith("api-key admin key (admin_", actor, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Using_a_key_records_when_it_was_last_used()
    {
        var key = await IssueKeyAsync("site");
        var prefix = key[..12];
        Assert.Null(await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Prefix == prefix).Select(k => k.LastUsedAt).SingleAsync()));

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await app.SiteClient(key).GetAsync(new Uri($"/api/v1/entitlements/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);

        await Eventually.UntilAsync(
            async () => await app.WithDbAsync(db => db.ApiKeys.Where(k => k.Prefix == prefix).Select(k => k.LastUsedAt).SingleAsync()) is not null, "last_used_at is set");
    }

    [Fact]
    public async Task The_bootstrap_key_is_seeded_once_however_many_instances_start()
    {
        await using (var second = new SecondInstance(app.Database.ConnectionString))
        {
            Assert.Equal(HttpStatusCode.NotFound, (await second.SiteClient().GetAsync(new Uri($"/api/v1/entitlements/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        }

        var bootstrapKeys = await app.WithDbAsync(db => db.ApiKeys.CountAsync(k => k.CreatedBy == "bootstrap"));
        Assert.Equal(1, bootstrapKeys);
    }
}
