using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Infrastructure;

/// <summary>
/// The service on the emulator, with Stripe answering 429 (rate limited) to the requests a test names, as
/// real Stripe does under load. It sits in the service's Stripe HTTP client, so <see cref="StripeBackedApp.Stripe"/>
/// (the service's own client) is refused too while a fault is on.
/// </summary>
public class FlakyStripeApp : StripeBackedApp
{
    private readonly ConcurrentDictionary<string, bool> _rateLimited = new(StringComparer.Ordinal);

    /// <summary>From now on, every Stripe request whose URL contains <paramref name="urlPart"/> (e.g. an object id) is refused.</summary>
    public void RateLimit(string urlPart) => _rateLimited[urlPart] = true;

    public void ClearFaults() => _rateLimited.Clear();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddHttpClient("stripe").AddHttpMessageHandler(() => new RateLimiter(this)));
    }

    private bool IsRateLimited(Uri? url) => url is not null && _rateLimited.Keys.Any(part => url.ToString().Contains(part, StringComparison.Ordinal));

    private sealed class RateLimiter(FlakyStripeApp app) : DelegatingHandler
    {
        private const string Body = """{"error":{"code":"rate_limit","message":"Request rate limit exceeded.","type":"invalid_request_error"}}""";

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (!app.IsRateLimited(request.RequestUri))
                return base.SendAsync(request, cancellationToken);
            var refused = new HttpResponseMessage(HttpStatusCode.TooManyRequests) { Content = new StringContent(Body, Encoding.UTF8, "application/json") };
            // Stripe.net would otherwise retry with backoff before giving up; the outcome is the same, only slower.
            refused.Headers.TryAddWithoutValidation("Stripe-Should-Retry", "false");
            return Task.FromResult(refused);
        }
    }
}
