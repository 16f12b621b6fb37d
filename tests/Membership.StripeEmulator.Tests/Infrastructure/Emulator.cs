namespace Membership.StripeEmulator.Tests.Infrastructure;

/// <summary>
/// One emulator per test (xunit makes a class instance per test), with a <see cref="WebhookRecorder"/> registered as
/// its webhook endpoint and a Stripe.net client pointed at it, as the service's own client is.
/// </summary>
public sealed class Emulator : IAsyncDisposable
{
    public const string SecretKey = "sk_test_emulator";
    public const string WebhookSecret = "whsec_emulator";

    private Emulator(StripeEmulatorServer server, WebhookRecorder webhooks)
    {
        Server = server;
        Webhooks = webhooks;
        Stripe = new StripeClient(new StripeClientOptions { ApiKey = SecretKey, ApiBase = server.BaseUrl.ToString().TrimEnd('/') });
        Http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.BaseUrl };
    }

    public StripeEmulatorServer Server { get; }

    public WebhookRecorder Webhooks { get; }

    public StripeClient Stripe { get; }

    /// <summary>For the hosted pages, as a browser: redirects are not followed, so tests see them.</summary>
    public HttpClient Http { get; }

    public static async Task<Emulator> StartAsync(Action<EmulatorOptions>? configure = null)
    {
        var webhooks = new WebhookRecorder(WebhookSecret);
        var options = new EmulatorOptions
        {
            Port = 0,
            WebhookUrl = "http://membership.test/webhooks/stripe",
            WebhookHandler = () => webhooks,
            WebhookRetryDelay = TimeSpan.FromMilliseconds(20),
        };
        configure?.Invoke(options);
        return new Emulator(await StripeEmulatorServer.StartAsync(options), webhooks);
    }

    /// <summary>
    /// Waits until every queued delivery is done, then returns what the endpoint verified. Every delivery must have
    /// passed Stripe.net's verification and parsing, so each event shape is checked by the SDK along the way.
    /// </summary>
    public async Task<IReadOnlyList<Event>> DeliveredAsync()
    {
        await Server.WhenDeliveriesIdleAsync(TimeSpan.FromSeconds(20));
        Assert.Empty(Webhooks.Rejections);
        return Webhooks.Events;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
        Webhooks.Dispose();
    }
}
