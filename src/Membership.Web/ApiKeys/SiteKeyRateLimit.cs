using System.Threading.RateLimiting;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Web.ApiKeys;

/// <summary>
/// Each site key may make <see cref="RateLimitOptions.SiteKey"/> entitlement requests per
/// <see cref="RateLimitOptions.SiteKeyWindow"/> on each instance, so one leaked or runaway key cannot take
/// the service from every other site. Partitioned by key id; a batch counts as one request.
/// </summary>
public sealed class SiteKeyRateLimit : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> _limiter;

    public SiteKeyRateLimit(IOptions<RateLimitOptions> options)
    {
        var limits = options.Value;
        PerWindow = limits.SiteKey;
        var window = new FixedWindowRateLimiterOptions { PermitLimit = limits.SiteKey, Window = limits.SiteKeyWindow, QueueLimit = 0 };
        // One factory for every key, so that asking for a key's partition on each request allocates nothing.
        Func<Guid, RateLimiter> factory = _ => new FixedWindowRateLimiter(window);
        _limiter = PartitionedRateLimiter.Create<Guid, Guid>(keyId => RateLimitPartition.Get(keyId, factory));
    }

    public int PerWindow { get; }

    /// <returns>Null when the key may go on, else how long it should wait.</returns>
    public TimeSpan? Refuse(Guid keyId)
    {
        using var lease = _limiter.AttemptAcquire(keyId);
        if (lease.IsAcquired)
            return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
