using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Entitlements;

/// <summary>
/// The service as a site sees it: a bootstrap admin and site key, Stripe work off, and optionally a
/// clock the test moves by hand. One per test class through <c>IClassFixture</c>.
/// </summary>
public class SiteApp : MembershipApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => SiteSettings.With(ExtraSettings);

    /// <summary>Settings a test class adds or overrides.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>A clock to replace the system's, or null for real time.</summary>
    public virtual FakeWallClock? Clock => null;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (Clock is { } clock)
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    }
}

/// <summary>The service on a clock the test moves by hand (one per test class, like any class fixture).</summary>
public sealed class ClockedSiteApp : SiteApp
{
    public override FakeWallClock Clock { get; } = new();
}

/// <summary>Another instance of the service on a database that already exists (the way a second machine shares it).</summary>
public sealed class SecondInstance(string connectionString, TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTestSettings(connectionString, SiteSettings.With(new Dictionary<string, string?>()));
        if (clock is not null)
            builder.ConfigureTestServices(services => services.AddSingleton(clock));
    }
}

public static class SiteSettings
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Admin-Password-123";
    public const string SiteKey = "site_test_key_0123456789abcdefghij";
    public const string SiteOrigin = "https://news.example.com";
    public const string PublicUrl = "https://members.example.com";

    public static IReadOnlyDictionary<string, string?> With(IReadOnlyDictionary<string, string?> extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
            ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
            ["Membership:Bootstrap:SiteApiKey"] = SiteKey,
            ["Membership:SiteOrigins"] = SiteOrigin,
            ["Membership:PublicUrl"] = PublicUrl,
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
            ["Billing:ProcessEvents"] = "false",
        };
        foreach (var (key, value) in extra)
            settings[key] = value;
        return settings;
    }
}
