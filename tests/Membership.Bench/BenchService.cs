using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Bench;

/// <summary>The real service (Release build) in-process, on the bench database, talking to the in-process emulator.</summary>
internal sealed class BenchService(string connectionString, Uri stripeApiBase, bool processEvents) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Membership"] = connectionString,
            ["Stripe:SecretKey"] = "sk_test_emulator",
            ["Stripe:WebhookSecret"] = "whsec_emulator",
            ["Stripe:ApiBase"] = stripeApiBase.ToString(),
            ["Billing:SeedPlans"] = "true",
            ["Billing:ScheduledSync"] = "false",
            ["Billing:ProcessEvents"] = processEvents ? "true" : "false",
        };
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
    }
}
