using System.Diagnostics.CodeAnalysis;
using Membership.Web.Data;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>
/// Readers' entitlements in memory, bounded, forgotten on <c>NOTIFY entitlement_changed</c>. Held compactly
/// (<see cref="EntitlementTable"/>: 64 bytes a reader, decisions' shared parts kept once), read without a
/// lock; writes take one lock. A load that raced with a notification (it read before the commit, stores
/// after the eviction) must not put the old answer back: every eviction is numbered and remembered for a
/// while, and a store undoes itself when its reader was evicted after the load began.
/// </summary>
public sealed class EntitlementCache(IOptions<EntitlementsOptions> options) : IChangeSubscriber
{
    private const int Remembered = 4096;

    private readonly int _capacity = options.Value.CacheSize;
    // Facts are kept only for a boundary that can come while the entry may still be served: within its
    // fresh life (CacheMaxAge) plus the time answers are served while the database is away.
    private readonly long _factsHorizonTicks = (options.Value.CacheMaxAge + options.Value.ServeStaleFor).Ticks;
    private readonly Lock _writer = new();
    private readonly EntitlementTable _table = new(Math.Max(0, options.Value.CacheSize));
    private readonly Dictionary<Guid, ReaderFacts> _facts = [];
    private readonly Guid[] _recentlyEvicted = new Guid[Remembered];
    private readonly List<Guid> _trimmed = [];
    private long _version;
    private int _count;
    private int _trimming;
    private int _trimFrom;

    public bool Enabled => _capacity > 0;
    public int Count => Volatile.Read(ref _count);
    public string Channel => EntitlementChanges.Channel;

    /// <summary>Slots allocated, 64 bytes each.</summary>
    public int Size => _table.Size;

    /// <summary>Take before reading from the database; hand to <see cref="Store"/>.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The entry, without its facts (see <see cref="FactsFor"/>). No lock, no allocation.</summary>
    public bool TryGet(Guid readerId, [MaybeNullWhen(false)] out CachedEntitlement entry) => _table.TryGet(readerId, out entry);

    /// <summary>The facts kept for the reader's entry, when its decision has a boundary soon enough to need them.</summary>
    public ReaderFacts? FactsFor(Guid readerId)
    {
        lock (_writer)
            return _facts.GetValueOrDefault(readerId);
    }

    public void Store(CachedEntitlement entry, long versionBeforeLoad)
    {
        if (!Enabled)
            return;
        lock (_writer)
        {
            if (EvictedSince(entry.ReaderId, versionBeforeLoad))
                return;
            Keep(entry);
        }
        if (Count > _capacity && Interlocked.Exchange(ref _trimming, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_ => Trim(), null);
    }

    /// <summary>Swaps in a re-evaluated entry, unless the reader was evicted or reloaded meanwhile.</summary>
    public void Replace(CachedEntitlement current, CachedEntitlement updated)
    {
        lock (_writer)
        {
            if (_table.Holds(current))
                Keep(updated);
        }
    }

    public void Evict(Guid readerId)
    {
        lock (_writer)
        {
            var version = Interlocked.Increment(ref _version);
            _recentlyEvicted[version % Remembered] = readerId;
            _table.Remove(readerId);
            _facts.Remove(readerId);
            Volatile.Write(ref _count, _table.Count);
        }
    }

    public void Clear()
    {
        lock (_writer)
        {
            Interlocked.Add(ref _version, Remembered + 1);
            _table.Clear();
            _facts.Clear();
            _facts.TrimExcess();
            Volatile.Write(ref _count, 0);
        }
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

    /// <summary>Under the lock.</summary>
    private void Keep(in CachedEntitlement entry)
    {
        _table.Set(entry);
        if (entry.Facts is { } facts && entry.NextChangeTicks != long.MaxValue && entry.NextChangeTicks - entry.LoadedTicks <= _factsHorizonTicks)
            _facts[entry.ReaderId] = facts;
        else
            _facts.Remove(entry.ReaderId);
        Volatile.Write(ref _count, _table.Count);
    }

    /// <summary>Under the lock.</summary>
    private bool EvictedSince(Guid readerId, long version)
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

    /// <summary>Over capacity: drop a tenth, in slot (arbitrary) order, a slice at a time so readers and writers wait little. Off the request.</summary>
    private void Trim()
    {
        while (true)
        {
            while (Count > _capacity * 9L / 10)
            {
                lock (_writer)
                {
                    _trimmed.Clear();
                    _trimFrom = _table.RemoveSome((int)Math.Min(4096, _table.Count - _capacity * 9L / 10), _trimFrom, _trimmed);
                    foreach (var readerId in _trimmed)
                        _facts.Remove(readerId);
                    Volatile.Write(ref _count, _table.Count);
                }
            }
            Volatile.Write(ref _trimming, 0);
            // Stores that overflowed while this ran did not start another trim: go again for them.
            if (Count <= _capacity || Interlocked.Exchange(ref _trimming, 1) != 0)
                return;
        }
    }
}
