using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Entitlements;

public sealed class GrantsAdminApiTests(GrantsAdminApiTests.App app) : IClassFixture<GrantsAdminApiTests.App>
{
    public sealed class App : MembershipApp
    {
        public const string AdminEmail = "admin@example.test";
        public const string AdminPassword = "Admin-Password-123";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
            ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
        };
    }

    private async Task<HttpClient> AdminAsync()
    {
        var client = app.CreateClient();
        await client.SignInAsync(App.AdminEmail, App.AdminPassword);
        return client;
    }

    private static async Task<(Guid Id, bool AdFree, string? Source)> MeAsync(HttpClient reader)
    {
        using var me = JsonDocument.Parse(await reader.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative)));
        var entitlement = me.RootElement.GetProperty("entitlement");
        return (me.RootElement.GetProperty("id").GetGuid(), entitlement.GetProperty("adFree").GetBoolean(), entitlement.GetProperty("source").GetString());
    }

    [Fact]
    public async Task An_admin_grants_complimentary_ad_free_and_the_reader_sees_it_then_ends_it()
    {
        var reader = await app.RegisterAndSignInAsync();
        var (readerId, _, _) = await MeAsync(reader);
        var admin = await AdminAsync();

        var created = await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", until = (DateTimeOffset?)null, reason = "Staff" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal((readerId, true, "complimentary"), await MeAsync(reader));
        var grantId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var ended = await admin.DeleteAsync(new Uri($"/api/v1/admin/grants/{grantId}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        Assert.Equal((readerId, false, null), await MeAsync(reader));
        var actions = await app.WithDbAsync(db => db.AuditLog.Where(a => a.ReaderId == readerId).OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["grant.create", "grant.end"], actions);
    }

    [Fact]
    public async Task Bad_grants_get_a_4xx_and_change_nothing()
    {
        var reader = await app.RegisterAndSignInAsync();
        var (readerId, _, _) = await MeAsync(reader);
        var admin = await AdminAsync();

        var past = await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", until = DateTimeOffset.UtcNow.AddDays(-1), reason = "x" });
        var noReason = await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free" });
        var unknownFeature = await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "free_beer", reason = "x" });
        var unknownReader = await admin.PostAsJsonAsync($"/api/v1/admin/readers/{Guid.NewGuid()}/grants", new { feature = "ad_free", reason = "x" });
        var unknownGrant = await admin.DeleteAsync(new Uri($"/api/v1/admin/grants/{Guid.NewGuid()}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknownFeature.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownReader.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownGrant.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Grants.AnyAsync(g => g.ReaderId == readerId)));
        Assert.False(await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.ReaderId == readerId)));
        Assert.False((await MeAsync(reader)).AdFree);
    }

    [Fact]
    public async Task Readers_get_403_and_signed_out_callers_401_on_admin_endpoints()
    {
        var reader = await app.RegisterAndSignInAsync();
        var (readerId, _, _) = await MeAsync(reader);
        var body = new { feature = "ad_free", reason = "self-service" };

        var asReader = await reader.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", body);
        var signedOut = await app.CreateClient().PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", body);
        var syncAsReader = await reader.PostAsync(new Uri($"/api/v1/admin/readers/{readerId}/sync", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.Forbidden, asReader.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, syncAsReader.StatusCode);
        Assert.False((await MeAsync(reader)).AdFree);
    }
}
