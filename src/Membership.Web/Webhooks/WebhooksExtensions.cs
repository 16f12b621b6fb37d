using Membership.Web.Data;
using Membership.Web.Entitlements;

namespace Membership.Web.Webhooks;

/// <summary>Entitlement events for sites: the outbox recorder, webhook delivery, the admin API and the pull feed.</summary>
public static class WebhooksExtensions
{
    public static WebApplicationBuilder AddWebhooks(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhooksOptions>().BindConfiguration(WebhooksOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WebhookSignal>();
        builder.Services.AddSingleton<IChangeSubscriber, EntitlementMarkWaker>();
        builder.Services.AddHttpClient(WebhookDeliveryWorker.HttpClientName);
        builder.Services.AddHostedService<EntitlementEventRecorder>();
        builder.Services.AddHostedService<WebhookDeliveryWorker>();
        return builder;
    }

    public static WebApplication MapWebhooks(this WebApplication app)
    {
        app.MapWebhooksApi();
        return app;
    }
}

/// <summary>Wakes the recorder when any instance commits an entitlement change (it also polls).</summary>
public sealed class EntitlementMarkWaker(WebhookSignal signal) : IChangeSubscriber
{
    public string Channel => EntitlementChanges.Channel;

    public ValueTask OnChangedAsync(string payload, CancellationToken cancellationToken)
    {
        signal.MarksWritten();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnResyncAsync(CancellationToken cancellationToken)
    {
        signal.MarksWritten();
        return ValueTask.CompletedTask;
    }
}
