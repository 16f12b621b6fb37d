using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Entitlements;

/// <summary>Two instances on one database: a change made through one is seen by the other through NOTIFY, long before its cache would expire.</summary>
public sealed class InvalidationTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task A_grant_on_one_instance_is_visible_on_another_long_before_its_cache_expires()
    {
        await using var other = new SecondInstance(app.Database.ConnectionString);
        var (_, readerId, _) = await app.NewReaderAsync();
        var otherSite = other.SiteClient();
        // The other instance has the reader cached as not ad-free: only a notification can change that.
        Assert.False(await otherSite.IsAdFreeAsync(readerId));
        Assert.False(await otherSite.IsAdFreeAsync(readerId));

        var grantId = await (await app.AdminAsync()).GrantAdFreeAsync(readerId);
        await Eventually.UntilAsync(() => otherSite.IsAdFreeAsync(readerId), "the grant is seen on the other instance");

        var ended = await (await app.AdminAsync()).DeleteAsync(new Uri($"/api/v1/admin/grants/{grantId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        await Eventually.UntilAsync(async () => !await otherSite.IsAdFreeAsync(readerId), "the ended grant is seen on the other instance");
    }

    [Fact]
    public async Task A_reader_deleted_with_a_notification_is_unknown_everywhere_long_before_its_cache_expires()
    {
        await using var other = new SecondInstance(app.Database.ConnectionString);
        var (_, readerId, _) = await app.NewReaderAsync();
        var otherSite = other.SiteClient();
        Assert.Equal(HttpStatusCode.OK, (await otherSite.GetJsonAsync($"/api/v1/entitlements/{readerId}")).Status);

        // What the account deletion does: delete, and announce it in the same transaction.
        await app.WithDbAsync(async db =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Users.Where(r => r.Id == readerId).ExecuteDeleteAsync();
            await EntitlementChanges.NotifyAsync(db, readerId, CancellationToken.None);
            await transaction.CommitAsync();
            return true;
        });

        await Eventually.UntilAsync(
            async () => (await otherSite.GetJsonAsync($"/api/v1/entitlements/{readerId}")).Status == HttpStatusCode.NotFound, "the deleted reader is 404 on the other instance");
        Assert.Equal(HttpStatusCode.NotFound, (await app.SiteClient().GetJsonAsync($"/api/v1/entitlements/{readerId}")).Status);
    }

    [Fact]
    public async Task A_key_revoked_on_one_instance_is_refused_by_another_long_before_its_cache_expires()
    {
        await using var other = new SecondInstance(app.Database.ConnectionString);
        var admin = await app.AdminAsync();
        var created = await (await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "revoke me", kind = "site" })).Content.ReadFromJsonAsync<JsonElement>();
        var otherSite = other.SiteClient(created.GetProperty("key").GetString()!);
        var path = $"/api/v1/entitlements/{Guid.NewGuid()}";
        // The new key reaches the other instance by notification as well.
        await Eventually.UntilAsync(async () => (await otherSite.GetJsonAsync(path)).Status == HttpStatusCode.NotFound, "the new key works on the other instance");

        (await admin.DeleteAsync(new Uri($"/api/v1/admin/api-keys/{created.GetProperty("id").GetGuid()}", UriKind.Relative))).EnsureSuccessStatusCode();

        await Eventually.UntilAsync(async () => (await otherSite.GetJsonAsync(path)).Status == HttpStatusCode.Unauthorized, "the revoked key is refused on the other instance");
    }
}
