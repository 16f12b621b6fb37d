using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>
/// Readers' entitlements in memory, bounded, forgotten on <c>NOTIFY entitlement_changed</c>.
/// A load that raced with a notification (it read before the commit, stores after the eviction)
/// must not put the old answer back: every eviction is numbered and remembered for a while, and a
/// store undoes itself when its reader was evicted after the load began.
/// </summary>
public sealed class EntitlementCache(IOptions<EntitlementsOptions> options) : IChangeSubscriber
{
    private const int Remembered = 4096;

    private readonly ConcurrentDictionary<Guid, CachedEntitlement> _entries = new();
    private readonly int _capacity = options.Value.CacheSize;
    private readonly Lock _evictions = new();
    private readonly Guid[] _recentlyEvicted = new Guid[Remembered];
    private long _version;
    private int _count;
    private int _trimming;

    public bool Enabled => _capacity > 0;
    public int Count => Volatile.Read(ref _count);
    public string Channel => EntitlementChanges.Channel;

    /// <summary>Take before reading from the database; hand to <see cref="Store"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    public bool TryGet(Guid readerId, [MaybeNullWhen(false)] out CachedEntitlement entry) => _entries.TryGetValue(readerId, out entry);

    public void Store(CachedEntitlement entry, long versionBeforeLoad)
    {
        if (!Enabled)
            return;
        var readerId = entry.ReaderId;
        while (true)
        {
            if (_entries.TryAdd(readerId, entry))
            {
                Interlocked.Increment(ref _count);
                break;
            }
            if (_entries.TryGetValue(readerId, out var existing) && _entries.TryUpdate(readerId, entry, existing))
                break;
        }
        if (EvictedSince(readerId, versionBeforeLoad) && _entries.TryRemove(new KeyValuePair<Guid, CachedEntitlement>(readerId, entry)))
            Interlocked.Decrement(ref _count);
        if (Count > _capacity && Interlocked.Exchange(ref _trimming, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_ => Trim(), null);
    }

    /// <summary>Swaps in a re-evaluated entry, unless the reader was evicted meanwhile.</summary>
    public void Replace(CachedEntitlement current, CachedEntitlement updated) => _entries.TryUpdate(current.ReaderId, updated, current);

    public void Evict(Guid readerId)
    {
        lock (_evictions)
        {
            var version = Interlocked.Increment(ref _version);
            _recentlyEvicted[version % Remembered] = readerId;
        }
        if (_entries.TryRemove(readerId, out _))
            Interlocked.Decrement(ref _count);
    }

    public void Clear()
    {
        lock (_evictions)
            Interlocked.Add(ref _version, Remembered + 1);
        _entries.Clear();
        Interlocked.Exchange(ref _count, _entries.Count);
    }

    public ValueTask OnChangedAsync(string payload, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(payload, out var readerId))
            Evict(readerId);
        else
            Clear();
        return ValueTask.CompletedTask;
    }

    public ValueTask OnResyncAsync(CancellationToken cancellationToken)
    {
        Clear();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// The listener is back and knows what changed while it was away: forget those readers and keep the
    /// rest, whose answers are still right. Null in the list stands for "every reader".
    /// </summary>
    public void Revalidate(IReadOnlyCollection<Guid?> changedWhileAway)
    {
        if (changedWhileAway.Any(id => id is null))
        {
            Clear();
            return;
        }
        foreach (var readerId in changedWhileAway)
            Evict(readerId!.Value);
    }

    private bool EvictedSince(Guid readerId, long version)
    {
        lock (_evictions)
        {
            var now = Interlocked.Read(ref _version);
            if (now - version >= Remembered)
                return true;
            for (var v = version + 1; v <= now; v++)
            {
                if (_recentlyEvicted[v % Remembered] == readerId)
                    return true;
            }
            return false;
        }
    }

    /// <summary>Over capacity: drop a tenth, in the dictionary's (arbitrary) order. Rare, and off the request.</summary>
    private void Trim()
    {
        while (true)
        {
            var excess = _entries.Count - _capacity * 9L / 10;
            foreach (var pair in _entries)
            {
                if (excess-- <= 0)
                    break;
                _entries.TryRemove(pair.Key, out _);
            }
            Interlocked.Exchange(ref _count, _entries.Count);
            Volatile.Write(ref _trimming, 0);
            // Stores that overflowed while this ran did not start another trim: go again for them.
            if (Count <= _capacity || Interlocked.Exchange(ref _trimming, 1) != 0)
                return;
        }
    }
}
