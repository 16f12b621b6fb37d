using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Microsoft.Extensions.Options;

namespace Membership.Tests.Entitlements;

public sealed class EntitlementCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static EntitlementCache Cache(int size) => new(Options.Create(new EntitlementsOptions { CacheSize = size }));

    private static CachedEntitlement Entry(Guid readerId, bool adFree = false) =>
        new(ReaderFacts.Nothing, EntitlementDecision.None(readerId, Now) with { AdFree = adFree }, [], null, Now.UtcTicks);

    [Fact]
    public void A_load_that_raced_with_a_change_does_not_put_the_old_answer_back()
    {
        var cache = Cache(100);
        var readerId = Guid.NewGuid();
        var bystander = Guid.NewGuid();

        var versionBeforeLoad = cache.Version;
        cache.Evict(readerId); // the notification arrives while the (old) facts are being read
        cache.Evict(bystander);
        cache.Store(Entry(readerId), versionBeforeLoad);

        Assert.False(cache.TryGet(readerId, out _));
    }

    [Fact]
    public void A_change_to_another_reader_does_not_stop_a_load_being_kept()
    {
        var cache = Cache(100);
        var readerId = Guid.NewGuid();

        var versionBeforeLoad = cache.Version;
        cache.Evict(Guid.NewGuid());
        cache.Store(Entry(readerId, adFree: true), versionBeforeLoad);

        Assert.True(cache.TryGet(readerId, out var entry));
        Assert.True(entry.AdFree);
    }

    [Fact]
    public void A_clear_while_loading_also_voids_the_load()
    {
        var cache = Cache(100);
        var readerId = Guid.NewGuid();

        var versionBeforeLoad = cache.Version;
        cache.Clear();
        cache.Store(Entry(readerId), versionBeforeLoad);

        Assert.False(cache.TryGet(readerId, out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_cache_stays_within_its_size()
    {
        var cache = Cache(1000);

        for (var i = 0; i < 5000; i++)
            cache.Store(Entry(Guid.NewGuid()), cache.Version);

        await Eventually.UntilAsync(() => Task.FromResult(cache.Count <= 1000), "the cache trims itself");
        Assert.InRange(cache.Count, 1, 1000);
    }

    [Fact]
    public void A_size_of_zero_turns_the_cache_off()
    {
        var cache = Cache(0);
        var readerId = Guid.NewGuid();

        cache.Store(Entry(readerId), cache.Version);

        Assert.False(cache.TryGet(readerId, out _));
    }

    [Fact]
    public void Many_readers_stored_evicted_and_trimmed_answer_as_a_plain_dictionary_would()
    {
        var cache = Cache(50_000);
        var model = new Dictionary<Guid, bool>();
        var random = new Random(7);
        var ids = Enumerable.Range(0, 20_000).Select(_ => Guid.NewGuid()).ToArray();

        for (var step = 0; step < 100_000; step++)
        {
            var id = ids[random.Next(ids.Length)];
            if (random.Next(3) == 0)
            {
                cache.Evict(id);
                model.Remove(id);
            }
            else
            {
                var adFree = random.Next(2) == 0;
                cache.Store(Entry(id, adFree), cache.Version);
                model[id] = adFree;
            }
        }

        Assert.Equal(model.Count, cache.Count);
        foreach (var id in ids)
        {
            Assert.Equal(model.ContainsKey(id), cache.TryGet(id, out var entry));
            if (model.TryGetValue(id, out var adFree))
                Assert.Equal((id, adFree), (entry.ReaderId, entry.AdFree));
        }
    }

    [Fact]
    public void Readers_share_the_parts_of_their_decisions_and_keep_their_own_instants()
    {
        var cache = Cache(100);
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();
        var until = Now.AddDays(30);
        var decision = EntitlementDecision.None(a, Now) with { AdFree = true, Features = ["ad_free"], Status = "active", Source = "subscription", PlanKey = "monthly", ValidUntil = until };

        cache.Store(new CachedEntitlement(ReaderFacts.Nothing, decision, ["ad_free"], until, Now.UtcTicks), cache.Version);
        cache.Store(new CachedEntitlement(ReaderFacts.Nothing, decision with { ReaderId = b, ValidUntil = until.AddDays(1) }, ["ad_free"], null, Now.UtcTicks), cache.Version);

        Assert.True(cache.TryGet(a, out var first));
        Assert.True(cache.TryGet(b, out var second));
        Assert.Same(first.Shape, second.Shape);
        Assert.Equal((true, "active", "monthly", until), (first.ToView().AdFree, first.ToView().Status, first.ToView().PlanKey, first.ToView().ValidUntil));
        Assert.Equal(until.AddDays(1), second.ToView().ValidUntil);
        Assert.Equal(["ad_free"], second.ToView().Features);
    }

    [Fact]
    public async Task A_reader_racing_with_writes_never_sees_half_of_an_entry()
    {
        var cache = Cache(10_000);
        var ids = Enumerable.Range(0, 512).Select(_ => Guid.NewGuid()).ToArray();
        using var stop = new CancellationTokenSource();
        var torn = 0;
        var seen = 0;

        // Every entry written has ValidUntil one day after its load instant: a torn copy breaks that.
        var reader = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var id in ids)
                {
                    if (!cache.TryGet(id, out var entry))
                        continue;
                    seen++;
                    if (entry.ReaderId != id || entry.ValidUntilTicks - entry.LoadedTicks != TimeSpan.TicksPerDay)
                        torn++;
                }
            }
        });
        var random = new Random(3);
        for (var step = 0; step < 200_000; step++)
        {
            var id = ids[random.Next(ids.Length)];
            if (step % 5 == 0)
            {
                cache.Evict(id);
                continue;
            }
            var loaded = Now.AddSeconds(step);
            var decision = EntitlementDecision.None(id, loaded) with { AdFree = true, ValidUntil = loaded.AddDays(1) };
            cache.Store(new CachedEntitlement(ReaderFacts.Nothing, decision, [], null, loaded.UtcTicks), cache.Version);
        }
        await stop.CancelAsync();
        await reader;

        Assert.True(seen > 0, "the reader saw entries");
        Assert.Equal(0, torn);
    }
}
