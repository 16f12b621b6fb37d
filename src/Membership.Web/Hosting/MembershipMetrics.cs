using System.Diagnostics.Metrics;

namespace Membership.Web.Hosting;

/// <summary>The service's own instruments, exported at <c>/metrics</c> beside ASP.NET Core's.</summary>
public sealed class MembershipMetrics
{
    public const string MeterName = "Membership";

    public MembershipMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        WebhookEventsReceived = meter.CreateCounter<long>("membership.webhook.events.received", description: "Stripe events newly stored in the inbox (a repeated delivery is not counted)");
        WebhookEventsProcessed = meter.CreateCounter<long>("membership.webhook.events.processed", description: "Stripe events the worker finished with, by outcome: applied, ignored (a type the service does not use) or failed (retried later)");
    }

    public Counter<long> WebhookEventsReceived { get; }
    public Counter<long> WebhookEventsProcessed { get; }
}
