using System.Diagnostics.Metrics;

namespace Membership.Web.Hosting;

/// <summary>The service's own instruments, exported at <c>/metrics</c> beside ASP.NET Core's.</summary>
public sealed class MembershipMetrics
{
    public const string MeterName = "Membership";

    public MembershipMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        WebhookEventsReceived = meter.CreateCounter<long>("membership.webhook.events.received", description: "Stripe events accepted into the inbox");
        WebhookEventsProcessed = meter.CreateCounter<long>("membership.webhook.events.processed", description: "Stripe events processed by the worker");
    }

    public Counter<long> WebhookEventsReceived { get; }
    public Counter<long> WebhookEventsProcessed { get; }
}
