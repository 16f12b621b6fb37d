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

        await SiteClients.EventuallyAsync(() => Task.FromResult(cache.Count <= 1000), TimeSpan.FromSeconds(5), "the cache trims itself");
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
}
