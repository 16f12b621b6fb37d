using Microsoft.AspNetCore.Hosting;

namespace Membership.Tests.Infrastructure;

public static class TestSettings
{
    /// <summary>The settings every test host needs: its database and a Stripe configuration.</summary>
    public static IWebHostBuilder UseTestSettings(this IWebHostBuilder builder, string connectionString, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Membership", connectionString);
        builder.UseSetting("Stripe:SecretKey", "sk_test_emulator");
        builder.UseSetting("Stripe:WebhookSecret", "whsec_emulator");
        // Nothing listens on the discard port: a host that should not reach Stripe cannot reach a
        // developer's running emulator either. Hosts on the emulator set their own ApiBase.
        builder.UseSetting("Stripe:ApiBase", "http://127.0.0.1:9");
        // Mail of hosts that do not read it goes to the temp folder, not into the source tree.
        builder.UseSetting("Smtp:PickupDirectory", Path.Combine(Path.GetTempPath(), "membership-tests-mail"));
        // A test host makes many accounts from one address; the rate limit tests set low limits of their own.
        builder.UseSetting("RateLimits:SignIn", "100000");
        builder.UseSetting("RateLimits:Register", "100000");
        builder.UseSetting("RateLimits:AccountMail", "100000");
        // The in-memory test server has no management port: /metrics, /docs and /openapi stay on it.
        builder.UseSetting("Membership:PublicDocs", "true");
        builder.UseSetting("Membership:PublicMetrics", "true");
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
            builder.UseSetting(key, value);
        return builder;
    }
}
