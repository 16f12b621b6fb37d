using System.Diagnostics.Metrics;
using Membership.Web.Hosting;

namespace Membership.Web.Entitlements;

/// <summary>How the entitlement cache is doing, exported at /metrics with the service's other instruments.</summary>
public sealed class EntitlementMetrics
{
    private readonly Counter<long> _lookups;
    private readonly Counter<long> _hits;
    private readonly Counter<long> _misses;

    public EntitlementMetrics(IMeterFactory meterFactory, MembershipMetrics membership)
    {
        var meter = meterFactory.Create(MembershipMetrics.MeterName);
        _lookups = membership.EntitlementLookups;
        _hits = meter.CreateCounter<long>("membership.entitlement.cache.hits", description: "Entitlements answered from memory");
        _misses = meter.CreateCounter<long>("membership.entitlement.cache.misses", description: "Entitlements read from the database");
    }

    public void Hit(int count = 1)
    {
        if (count <= 0)
            return;
        _lookups.Add(count);
        _hits.Add(count);
    }

    public void Miss(int count = 1)
    {
        _lookups.Add(count);
        _misses.Add(count);
    }
}
