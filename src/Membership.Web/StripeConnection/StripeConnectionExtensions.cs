using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.StripeConnection;

/// <summary>
/// The one way to Stripe: its settings (the <c>Stripe</c> section), the client every feature calls through,
/// the read budget in front of it, and how a failed call is told apart (<see cref="StripeFailures"/>).
/// </summary>
public static class StripeConnectionExtensions
{
    public static WebApplicationBuilder AddStripeConnection(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>();
        // One client for the process, pointed at Stripe or at the emulator by Stripe__ApiBase. Every call is
        // bounded: Stripe__Timeout per attempt, Stripe__MaxNetworkRetries retries (same idempotency key).
        // Reads also wait for this instance's share of the Stripe read budget (Stripe__ReadsPerSecond).
        builder.Services.AddSingleton<StripeReadBudget>();
        builder.Services.AddTransient<StripeReadBudgetHandler>();
        builder.Services.AddTransient<StripeRequestIdHandler>();
        builder.Services.AddHostedService<StripeReadBudgetSplitter>();
        builder.Services.AddHttpClient("stripe").ConfigureHttpClient((sp, http) =>
            http.Timeout = sp.GetRequiredService<IOptions<StripeOptions>>().Value.Timeout)
            .AddHttpMessageHandler<StripeReadBudgetHandler>()
            .AddHttpMessageHandler<StripeRequestIdHandler>();
        builder.Services.AddSingleton(sp =>
        {
            var stripe = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient("stripe");
            return new StripeClient(new StripeClientOptions
            {
                ApiKey = stripe.SecretKey,
                ApiBase = stripe.ApiBase.ToString().TrimEnd('/'),
                HttpClient = new SystemNetHttpClient(http, stripe.MaxNetworkRetries),
            });
        });
        return builder;
    }
}
