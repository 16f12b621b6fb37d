using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Membership.Web.Entitlements;

/// <summary>An answer for one reader: null view for an unknown reader; stale when served from memory while the database is down.</summary>
public readonly record struct EntitlementRead(EntitlementView? View, bool Stale);

/// <summary>The database could not be asked and memory holds nothing usable.</summary>
public sealed class EntitlementsUnavailableException(Exception inner) : Exception("The entitlement store is unavailable.", inner);

/// <summary>
/// The read path every site lookup takes: memory first; on a miss one round trip for the facts, then
/// <see cref="EntitlementPolicy"/>. No writes, no locks on a hit.
/// </summary>
public sealed class SiteEntitlements(
    EntitlementCache cache, EntitlementFactsLoader loader, EntitlementMissBatcher misses, ChangeListener listener, TimeProvider time,
    IOptions<MembershipOptions> membership, IOptions<EntitlementsOptions> options, EntitlementMetrics metrics)
{
    private static readonly string[] AdFreeOnly = ["ad_free"];
    private readonly TimeSpan _grace = TimeSpan.FromDays(membership.Value.GracePeriodDays);
    private readonly long _maxAgeTicks = options.Value.CacheMaxAge.Ticks;
    private readonly TimeSpan _serveStaleFor = options.Value.ServeStaleFor;

    public async ValueTask<EntitlementRead> GetAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var freshness = Freshness(now);
        var inMemory = cache.TryGet(readerId, out var cached);
        if (inMemory && Usable(cached, now, freshness) && Current(cached, now) is { } current)
        {
            metrics.Hit();
            return new(current.ToView(), freshness == CacheFreshness.Stale);
        }
        metrics.Miss();
        try
        {
            return new(await LoadOneAsync(readerId, now, cancellationToken), false);
        }
        catch (EntitlementsUnavailableException) when (inMemory && freshness != CacheFreshness.TooOld && Current(cached, now) is not null)
        {
            return new(Current(cached, now)!.Value.ToView(), true);
        }
    }

    /// <summary>
    /// The views of the readers that exist, in the order asked (those answered from memory while the
    /// database is down carry <c>stale</c>); <paramref name="unknown"/> gets the rest.
    /// </summary>
    public async Task<List<EntitlementView>> GetManyAsync(IReadOnlyList<Guid> readerIds, List<Guid> unknown, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var freshness = Freshness(now);
        var found = new Dictionary<Guid, EntitlementView>(readerIds.Count);
        List<Guid>? misses = null;
        foreach (var readerId in readerIds)
        {
            if (cache.TryGet(readerId, out var cached) && Usable(cached, now, freshness) && Current(cached, now) is { } current)
                found[readerId] = freshness == CacheFreshness.Stale ? current.ToView() with { Stale = true } : current.ToView();
            else
                (misses ??= []).Add(readerId);
        }
        metrics.Hit(readerIds.Count - (misses?.Count ?? 0));
        if (misses is not null)
        {
            metrics.Miss(misses.Count);
            foreach (var (readerId, view) in await LoadAsync(misses, now, cancellationToken))
                found[readerId] = view;
        }
        var items = new List<EntitlementView>(found.Count);
        foreach (var readerId in readerIds)
        {
            if (found.TryGetValue(readerId, out var view))
                items.Add(view);
            else
                unknown.Add(readerId);
        }
        return items;
    }

    private enum CacheFreshness
    {
        Fresh,
        Stale,
        TooOld,
    }

    /// <summary>While the listener is down nothing in memory hears changes: served, but marked, and only for a while.</summary>
    private CacheFreshness Freshness(DateTimeOffset now) => listener.DownSince switch
    {
        null => CacheFreshness.Fresh,
        var since when now - since <= _serveStaleFor => CacheFreshness.Stale,
        _ => CacheFreshness.TooOld,
    };

    private bool Usable(CachedEntitlement cached, DateTimeOffset now, CacheFreshness freshness) => freshness switch
    {
        CacheFreshness.Fresh => now.UtcTicks - cached.LoadedTicks < _maxAgeTicks,
        CacheFreshness.Stale => true,
        _ => false,
    };

    /// <summary>
    /// The cached decision, or a new one from the cached facts once time has passed one of their boundaries;
    /// null when the cache did not keep the facts (the boundary lay beyond the entry's useful life): load again.
    /// </summary>
    private CachedEntitlement? Current(CachedEntitlement cached, DateTimeOffset now)
    {
        if (now.UtcTicks < cached.NextChangeTicks)
            return cached;
        if (cache.FactsFor(cached.ReaderId) is not { } facts)
            return null;
        var updated = Evaluate(cached.ReaderId, facts, now, cached.LoadedTicks);
        cache.Replace(cached, updated);
        return updated;
    }

    private async Task<EntitlementView?> LoadOneAsync(Guid readerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var version = cache.Version;
        ReaderFacts? facts;
        try
        {
            facts = await misses.LoadAsync(readerId, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new EntitlementsUnavailableException(e);
        }
        if (facts is null)
            return null;
        var entry = Evaluate(readerId, facts, now, now.UtcTicks);
        cache.Store(entry, version);
        return entry.ToView();
    }

    private async Task<Dictionary<Guid, EntitlementView>> LoadAsync(IReadOnlyCollection<Guid> readerIds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var version = cache.Version;
        Dictionary<Guid, ReaderFacts> facts;
        try
        {
            facts = await loader.LoadAsync(readerIds, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw new EntitlementsUnavailableException(e);
        }
        var views = new Dictionary<Guid, EntitlementView>(facts.Count);
        foreach (var (readerId, readerFacts) in facts)
        {
            var entry = Evaluate(readerId, readerFacts, now, now.UtcTicks);
            cache.Store(entry, version);
            views[readerId] = entry.ToView();
        }
        return views;
    }

    private CachedEntitlement Evaluate(Guid readerId, ReaderFacts facts, DateTimeOffset now, long loadedTicks)
    {
        var decision = EntitlementPolicy.Evaluate(readerId, facts.Subscriptions, facts.Grants, _grace, now);
        IReadOnlyList<string> features = decision.Features switch
        {
            [] => [],
            ["ad_free"] => AdFreeOnly,
            var other => other,
        };
        return new CachedEntitlement(facts, decision, features, EntitlementPolicy.NextChange(facts.Subscriptions, facts.Grants, _grace, now), loadedTicks);
    }
}
