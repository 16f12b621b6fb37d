using System.Collections.Concurrent;
using Membership.StripeEmulator;
using Membership.Tests.Infrastructure;
using Membership.Web.Accounts;
using Membership.Web.Billing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>
/// Renewal day at Stripe's rate limit: a claimed batch is worked on in parallel by Stripe object, and the
/// events of one subscription share one re-read. Events are stored while no worker runs, then one batch is
/// processed by hand, with the service's reads from Stripe counted per path.
/// </summary>
public sealed class WorkerBatchTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private StripeEmulatorServer _emulator = null!;
    private Instance _instance = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _emulator = await StripeEmulatorServer.StartAsync(new EmulatorOptions
        {
            Port = 0,
            WebhookUrl = "http://localhost/webhooks/stripe",
            WebhookHandler = () => _instance.Server.CreateHandler(),
        });
        _instance = new Instance(_database, _emulator.BaseUrl);
        _ = _instance.Server;
    }

    public async Task DisposeAsync()
    {
        await _instance.DisposeAsync();
        await _emulator.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Events_of_one_subscription_in_a_batch_share_one_read_and_end_in_Stripes_state()
    {
        var (readerId, subscriptionId) = await SubscribeAsync("one");
        var stored = await StoredEventsAsync();
        Assert.True(stored.Count(e => e.Type is "customer.subscription.created" or "customer.subscription.updated" or "invoice.paid") >= 2,
            "the sequence holds several events that each would re-read the subscription");
        _instance.Reads.Clear();

        var taken = await ProcessOneBatchAsync();

        Assert.Equal(stored.Count, taken);
        Assert.Equal(1, _instance.Reads.GetValueOrDefault($"/v1/subscriptions/{subscriptionId}"));
        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        Assert.Equal(0, await db.StripeEvents.CountAsync(e => e.Status == StripeEventStatus.Pending || e.Status == StripeEventStatus.Failed));
        var subscription = await db.Subscriptions.SingleAsync(s => s.StripeSubscriptionId == subscriptionId);
        Assert.Equal(readerId, subscription.ReaderId);
        Assert.Equal("active", subscription.Status);

        // The operator sees it too: events stored and events applied, at /metrics.
        var metrics = await _instance.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative));
        // Other test hosts in this process feed the same meter: at least this test's events are counted.
        var received = System.Text.RegularExpressions.Regex.Match(metrics, @"membership_webhook_events_received_total(\{[^}]*\})? (\d+)");
        Assert.True(received.Success, "membership_webhook_events_received_total is exported");
        Assert.True(long.Parse(received.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) >= stored.Count);
        Assert.Matches(@"membership_webhook_events_processed_total\{[^}]*outcome=""applied""[^}]*\} [1-9]", metrics);
    }

    [Fact]
    public async Task Many_readers_in_one_batch_are_all_applied_with_one_read_each_and_a_bad_event_fails_alone()
    {
        var subscribed = new List<(Guid ReaderId, string SubscriptionId)>();
        for (var i = 0; i < 6; i++)
            subscribed.Add(await SubscribeAsync($"many-{i}"));
        var unparseable = $"evt_{Guid.NewGuid():N}";
        await using (var db = TestDatabase.CreateContext(_database.ConnectionString))
        {
            const string payload = """{"id": 1, "object": []}""";
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO stripe_events (id, type, stripe_created_at, payload, received_at, status, attempts, next_attempt_at)
                VALUES ({unparseable}, 'customer.subscription.updated', now(), {payload}, now(), 0, 0, now())
                """);
        }
        _instance.Reads.Clear();

        await ProcessOneBatchAsync();

        await using var check = TestDatabase.CreateContext(_database.ConnectionString);
        foreach (var (readerId, subscriptionId) in subscribed)
        {
            Assert.Equal(1, _instance.Reads.GetValueOrDefault($"/v1/subscriptions/{subscriptionId}"));
            var subscription = await check.Subscriptions.SingleAsync(s => s.StripeSubscriptionId == subscriptionId);
            Assert.Equal((readerId, "active"), (subscription.ReaderId, subscription.Status));
        }
        var bad = await check.StripeEvents.SingleAsync(e => e.Id == unparseable);
        Assert.NotNull(bad.LastError);
        Assert.Equal(0, await check.StripeEvents.CountAsync(e => e.Id != unparseable && (e.Status == StripeEventStatus.Pending || e.LastError != null)));
    }

    [Fact]
    public async Task Events_of_types_the_service_does_not_use_are_recorded_as_ignored_together_without_a_read()
    {
        var (_, subscriptionId) = await SubscribeAsync("ignored");
        var stored = await StoredEventsAsync();
        var unused = stored.Where(e => !StripeEventProcessor.Handles(e.Type)).Select(e => e.Id).ToList();
        Assert.Contains(stored, e => e.Type == "invoice.finalized");
        Assert.Contains(stored, e => e.Type == "payment_intent.succeeded");
        _instance.Reads.Clear();

        await ProcessOneBatchAsync();

        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        var after = await db.StripeEvents.AsNoTracking().ToDictionaryAsync(e => e.Id);
        Assert.All(unused, id => Assert.Equal((StripeEventStatus.Ignored, true, (string?)null), (after[id].Status, after[id].ProcessedAt is not null, after[id].LastError)));
        Assert.All(stored.Where(e => StripeEventProcessor.Handles(e.Type)), e => Assert.Equal(StripeEventStatus.Processed, after[e.Id].Status));
        // Only the subscription's own re-read: the ignored events cost no Stripe call.
        Assert.Equal(1, _instance.Reads.Values.Sum());
        Assert.Equal(1, _instance.Reads.GetValueOrDefault($"/v1/subscriptions/{subscriptionId}"));
    }

    /// <summary>A reader with a paid monthly subscription made in Stripe; its events reach the inbox, unprocessed.</summary>
    private async Task<(Guid ReaderId, string SubscriptionId)> SubscribeAsync(string name)
    {
        var stripe = _instance.Services.GetRequiredService<StripeClient>();
        string? priceId = null;
        await Eventually.UntilAsync(async () =>
        {
            await using var db = TestDatabase.CreateContext(_database.ConnectionString);
            priceId = await db.Plans.Where(p => p.Key == "adfree-monthly").Select(p => p.StripePriceId).FirstOrDefaultAsync();
            return priceId is not null;
        }, "the monthly plan to be on sale");
        var reader = new Reader { Id = Guid.NewGuid(), UserName = $"{name}@example.test", Email = $"{name}@example.test", CreatedAt = DateTimeOffset.UtcNow };
        reader.NormalizedEmail = reader.NormalizedUserName = reader.Email.ToUpperInvariant();
        var metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = reader.Id.ToString() };
        var customer = await stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = reader.Email, Metadata = metadata });
        reader.StripeCustomerId = customer.Id;
        await using (var db = TestDatabase.CreateContext(_database.ConnectionString))
        {
            db.Users.Add(reader);
            await db.SaveChangesAsync();
        }
        var subscription = await stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = priceId }],
            DefaultPaymentMethod = "pm_card_visa",
            Metadata = metadata,
        });
        await _emulator.WhenDeliveriesIdleAsync(TimeSpan.FromSeconds(20));
        return (reader.Id, subscription.Id);
    }

    private async Task<List<StripeEventRecord>> StoredEventsAsync()
    {
        await using var db = TestDatabase.CreateContext(_database.ConnectionString);
        return await db.StripeEvents.AsNoTracking().ToListAsync();
    }

    private Task<int> ProcessOneBatchAsync() =>
        _instance.Services.GetRequiredService<StripeEventWorker>().ProcessBatchAsync(CancellationToken.None);

    private sealed class Instance(TestDatabase database, Uri emulator) : WebApplicationFactory<Program>
    {
        /// <summary>GETs the service sent to Stripe, by path.</summary>
        public ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseTestSettings(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Stripe:ApiBase"] = emulator.ToString(),
                ["Billing:SeedPlans"] = "true",
                ["Billing:ProcessEvents"] = "false",
                ["Billing:ScheduledSync"] = "false",
            });
            builder.ConfigureTestServices(services =>
                services.AddHttpClient("stripe").AddHttpMessageHandler(() => new CountingHandler(Reads)));
        }
    }

    private sealed class CountingHandler(ConcurrentDictionary<string, int> reads) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Method == HttpMethod.Get)
                reads.AddOrUpdate(request.RequestUri!.AbsolutePath, 1, (_, n) => n + 1);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
