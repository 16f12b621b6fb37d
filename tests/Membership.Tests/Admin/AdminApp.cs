using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Admin;

/// <summary>
/// The service with a bootstrap admin, no background Stripe work, and a clock pinned at start, so
/// numbers "per day" and "now" cannot shift under a test.
/// </summary>
public class AdminApp : MembershipApp
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Admin-Password-123";

    public FakeWallClock Clock { get; } = new(DateTimeOffset.UtcNow);

    /// <summary>Nothing listens here: Stripe calls fail at once, as when Stripe is down.</summary>
    protected virtual string StripeApiBase => "http://127.0.0.1:9";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
        ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
        ["Billing:SyncCatalogAtStart"] = "false",
        ["Billing:ScheduledSync"] = "false",
        ["Billing:ProcessEvents"] = "false",
        ["Stripe:ApiBase"] = StripeApiBase,
        ["Stripe:DashboardBase"] = "https://dashboard.stripe.test/test",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    public async Task<HttpClient> AdminAsync()
    {
        var client = CreateClient();
        await client.SignInAsync(AdminEmail, AdminPassword);
        return client;
    }
}
