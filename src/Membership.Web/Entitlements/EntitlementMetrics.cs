using System.Diagnostics.Metrics;
using Membership.Web.Hosting;

namespace Membership.Web.Entitlements;

/// <summary>
/// How the entitlement cache is doing, exported at /metrics with the service's other instruments. Counted
/// with plain atomic adds and read when /metrics is scraped: a metrics listener's work on every site lookup
/// would be a noticeable share of the hot path.
/// </summary>
public sealed class EntitlementMetrics
{
    private long _hits;
    private long _misses;

    public EntitlementMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MembershipMetrics.MeterName);
        meter.CreateObservableCounter("membership.entitlement.lookups", () => Volatile.Read(ref _hits) + Volatile.Read(ref _misses),
            description: "Entitlement reads answered");
        meter.CreateObservableCounter("membership.entitlement.cache.hits", () => Volatile.Read(ref _hits), description: "Entitlements answered from memory");
        meter.CreateObservableCounter("membership.entitlement.cache.misses", () => Volatile.Read(ref _misses), description: "Entitlements read from the database");
    }

    public void Hit(int count = 1)
    {
        if (count > 0)
            Interlocked.Add(ref _hits, count);
    }

    public void Miss(int count = 1) => Interlocked.Add(ref _misses, count);
}
