using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

/// <summary>The bootstrap admin across restarts: kept signed in, and updated when its settings change.</summary>
public sealed class AdminBootstrapTests : IAsyncLifetime
{
    private const string Email = "boot-admin@example.test";
    private const string NormalizedEmail = "BOOT-ADMIN@EXAMPLE.TEST";
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task A_restart_with_the_same_password_keeps_the_admin_signed_in()
    {
        await using (var first = new Instance(_database, "First-Password-123"))
        {
            var admin = first.CreateClient();
            await admin.SignInAsync(Email, "First-Password-123");
            var stamp = await SecurityStampAsync();

            await using var second = new Instance(_database, "First-Password-123");
            _ = second.Services; // starts the host, which runs the bootstrap again

            Assert.Equal(stamp, await SecurityStampAsync());
            Assert.Equal(System.Net.HttpStatusCode.OK, (await admin.GetAsync(new Uri("/api/v1/admin/plans", UriKind.Relative))).StatusCode);
        }
    }

    [Fact]
    public async Task A_changed_password_setting_replaces_the_old_password()
    {
        await using (var first = new Instance(_database, "First-Password-123"))
            _ = first.Services;

        await using var second = new Instance(_database, "Second-Password-456");
        var client = second.CreateClient();

        await client.SignInAsync(Email, "Second-Password-456");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/v1/admin/plans", UriKind.Relative))).StatusCode);
    }

    private async Task<string?> SecurityStampAsync()
    {
        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        return await db.Users.Where(r => r.NormalizedEmail == NormalizedEmail).Select(r => r.SecurityStamp).SingleAsync();
    }

    private sealed class Instance(TestDatabase database, string password) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.UseTestSettings(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Membership:Bootstrap:AdminEmail"] = Email,
                ["Membership:Bootstrap:AdminPassword"] = password,
                ["Billing:ProcessEvents"] = "false",
                ["Billing:SyncCatalogAtStart"] = "false",
                ["Billing:ScheduledSync"] = "false",
            });
    }
}
