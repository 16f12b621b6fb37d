using System.Collections.Concurrent;

namespace Membership.Web.Billing;

/// <summary>
/// The re-reads done while processing one claimed batch, by what was read ("subscription sub_…",
/// "customer cus_…"): later events of the batch about the same object share the first one's read, whose
/// outcome (or failure) they take as their own.
/// </summary>
public sealed class StripeSyncMemo
{
    private readonly ConcurrentDictionary<string, Lazy<Task<Guid?>>> _done = new(StringComparer.Ordinal);
    private int _shared;

    /// <summary>How many events were answered from an earlier read of the batch.</summary>
    public int Shared => Volatile.Read(ref _shared);

    public Task<Guid?> OnceAsync(string key, Func<Task<Guid?>> sync)
    {
        var created = new Lazy<Task<Guid?>>(sync);
        var entry = _done.GetOrAdd(key, created);
        if (!ReferenceEquals(entry, created))
            Interlocked.Increment(ref _shared);
        return entry.Value;
    }
}
