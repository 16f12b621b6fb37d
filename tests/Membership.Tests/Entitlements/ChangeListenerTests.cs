using Membership.Tests.Infrastructure;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Membership.Tests.Entitlements;

/// <summary>One subscriber of the change listener that fails must not cost the others their memory.</summary>
public sealed class ChangeListenerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly FailingSubscriber _failing = new();
    private TestDatabase _database = null!;
    private Instance _instance = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _instance = new Instance(_database, _failing);
        _ = _instance.Server;
    }

    public async Task DisposeAsync()
    {
        await _instance.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_subscriber_that_throws_is_retried_alone_and_the_entitlement_cache_keeps_its_other_readers()
    {
        var cache = _instance.Services.GetRequiredService<EntitlementCache>();
        var changed = Guid.NewGuid();
        var bystander = Guid.NewGuid();
        cache.Store(Entry(changed), cache.Version);
        cache.Store(Entry(bystander), cache.Version);
        var resyncsBefore = _failing.Resyncs;
        _failing.FailNext = true;

        await NotifyAsync(changed.ToString());

        // The cache heard the change, though another subscriber failed on the same notification,
        await Eventually.UntilAsync(() => Task.FromResult(!cache.TryGet(changed, out _)), "the changed reader to be evicted");
        // the failing one was asked to start over on its own,
        await Eventually.UntilAsync(() => Task.FromResult(_failing.Resyncs > resyncsBefore), "the failing subscriber to start over");
        // and the listener kept its connection: a reconnect would have emptied the cache.
        Assert.True(cache.TryGet(bystander, out _));
        Assert.Null(_instance.Services.GetRequiredService<ChangeListener>().DownSince);
    }

    private async Task NotifyAsync(string payload)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
        notify.Parameters.AddWithValue("channel", EntitlementChanges.Channel);
        notify.Parameters.AddWithValue("payload", payload);
        await notify.ExecuteNonQueryAsync();
    }

    private static CachedEntitlement Entry(Guid readerId) =>
        new(ReaderFacts.Nothing, EntitlementDecision.None(readerId, Now), [], null, Now.UtcTicks);

    /// <summary>Listens on the entitlement channel like the cache, and fails when told to.</summary>
    private sealed class FailingSubscriber : IChangeSubscriber
    {
        private int _resyncs;

        public bool FailNext { get; set; }
        public int Resyncs => Volatile.Read(ref _resyncs);
        public string Channel => EntitlementChanges.Channel;

        public ValueTask OnChangedAsync(string payload, CancellationToken cancellationToken)
        {
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("reload failed");
            }
            return ValueTask.CompletedTask;
        }

        public ValueTask OnResyncAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _resyncs);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class Instance(TestDatabase database, IChangeSubscriber extra) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseTestSettings(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Billing:ProcessEvents"] = "false",
                ["Billing:SyncCatalogAtStart"] = "false",
                ["Billing:ScheduledSync"] = "false",
            });
            builder.ConfigureTestServices(services => services.AddSingleton<IChangeSubscriber>(extra));
        }
    }
}
