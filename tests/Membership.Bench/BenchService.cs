using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Membership.Bench;

/// <summary>The real service (Release build) in-process, on the bench database, talking to the in-process emulator.</summary>
internal sealed class BenchService(string connectionString, Uri stripeApiBase, bool processEvents, StripeRequestCounter? stripeRequests = null)
    : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // Only the figures: the service's own log lines (start-up, warnings of the test host) would bury them.
        builder.ConfigureLogging(logging => logging.ClearProviders());
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
        if (stripeRequests is not null)
            builder.ConfigureTestServices(services => services.AddHttpClient("stripe").AddHttpMessageHandler(() => new StripeRequestCounter.Handler(stripeRequests)));
    }
}

/// <summary>Counts the service's requests to Stripe, reads (GET) apart from writes.</summary>
internal sealed class StripeRequestCounter
{
    private long _reads;
    private long _writes;

    public long Reads => Interlocked.Read(ref _reads);
    public long Writes => Interlocked.Read(ref _writes);

    public void Reset()
    {
        Interlocked.Exchange(ref _reads, 0);
        Interlocked.Exchange(ref _writes, 0);
    }

    public sealed class Handler(StripeRequestCounter counter) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref request.Method == HttpMethod.Get ? ref counter._reads : ref counter._writes);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
