namespace Membership.StripeEmulator;

/// <summary>
/// A running emulator, started in-process (tests) on 127.0.0.1. Point Stripe.net's <c>StripeClient</c> at
/// <see cref="BaseUrl"/> with <see cref="EmulatorOptions.SecretKey"/>; events go to the registered webhook endpoints.
/// </summary>
public sealed class StripeEmulatorServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly EmulatorState _state;
    private readonly WebhookDispatcher _dispatcher;

    private StripeEmulatorServer(WebApplication app)
    {
        _app = app;
        _state = app.Services.GetRequiredService<EmulatorState>();
        _dispatcher = app.Services.GetRequiredService<WebhookDispatcher>();
    }

    public static async Task<StripeEmulatorServer> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var app = EmulatorHost.Build(options);
        await app.StartAsync(cancellationToken);
        return new StripeEmulatorServer(app);
    }

    /// <summary>e.g. http://127.0.0.1:41234/ (the API is under <c>/v1</c>).</summary>
    public Uri BaseUrl => _state.BaseUrl;

    /// <summary>Every delivery attempt so far, in the order they were made.</summary>
    public IReadOnlyList<WebhookDelivery> Deliveries => _dispatcher.Deliveries;

    /// <summary>Completes when no delivery is queued, waiting for a retry, or in flight; throws <see cref="TimeoutException"/> otherwise.</summary>
    public Task WhenDeliveriesIdleAsync(TimeSpan timeout) => _dispatcher.WhenIdleAsync(timeout);

    /// <summary>"Lost webhooks": events are still created (and listed by <c>/v1/events</c>) but never delivered.</summary>
    public bool DropDeliveries
    {
        get => _dispatcher.DropDeliveries;
        set => _dispatcher.DropDeliveries = value;
    }

    /// <summary>The types of the events emitted for an object (the id of their <c>data.object</c>), in emission order.</summary>
    public IReadOnlyList<string> EventTypesFor(string objectId)
    {
        lock (_state.Gate)
            return [.. _state.Events.All.Where(e => e.ObjectId == objectId).OrderBy(e => e.Sequence).Select(e => e.Type)];
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
