using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// The whole service over real HTTP semantics (the test server) on its own freshly migrated
/// PostgreSQL database. Use one per test class through <c>IClassFixture&lt;MembershipApp&gt;</c>.
/// </summary>
public class MembershipApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    private TestDatabase? _database;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    /// <summary>Settings a test class overrides before the host starts (ASP.NET Core keys, e.g. "Membership:SiteName").</summary>
    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public virtual async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTestSettings(Database.ConnectionString, Settings);
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
            await _database.DisposeAsync();
    }
}
