using System.Net.Http.Headers;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

/// <summary>Whoever makes a grant or a key is named the same way on the row and in its audit entry.</summary>
public sealed class ActorNamesTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Theory]
    [InlineData("cookie")]
    [InlineData("admin key")]
    public async Task A_grant_and_a_key_name_their_creator_as_the_audit_log_does(string signedInWith)
    {
        var readerId = await app.AddReaderAsync($"actor-{Guid.NewGuid():N}@example.test");
        var admin = await app.AdminAsync();
        if (signedInWith == "admin key")
        {
            var created = await AdminTestData.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "actor script", kind = "admin" }));
            admin = app.CreateClient();
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", created.GetProperty("key").GetString());
        }

        var grant = await AdminTestData.JsonAsync(await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { reason = "actor" }));
        var key = await AdminTestData.JsonAsync(await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = "actor site", kind = "site" }));

        var grantId = grant.GetProperty("id").GetGuid();
        var keyId = key.GetProperty("id").GetGuid();
        var (grantBy, keyBy) = await app.WithDbAsync(async db => (
            await db.Grants.Where(g => g.Id == grantId).Select(g => g.CreatedBy).SingleAsync(),
            await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.CreatedBy).SingleAsync()));
        var audited = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == grantId.ToString() || a.Target == keyId.ToString())
            .Select(a => a.Actor).Distinct().ToListAsync());
        var actor = Assert.Single(audited);
        Assert.Equal(actor, grantBy);
        Assert.Equal(actor, keyBy);
        if (signedInWith == "cookie")
            Assert.Equal(AdminApp.AdminEmail, actor);
    }
}
