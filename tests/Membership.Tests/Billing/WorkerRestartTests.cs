using System.Net;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Billing;

public sealed class WorkerRestartTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task An_event_stored_by_an_instance_that_died_before_processing_is_processed_after_restart()
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var body = SignedWebhooks.Event("product.created", new { id = "prod_1", @object = "product" }, id);
        await using (var crashed = new Instance(_database, processEvents: false))
        {
            var response = await crashed.CreateClient().SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var restarted = new Instance(_database, processEvents: true);
        _ = restarted.Services; // starts the host and its worker

        var stored = await WaitUntilAsync(id, e => e.Status != StripeEventStatus.Pending);
        // An event type the service does not use is recorded and marked as ignored, not lost.
        Assert.Equal(StripeEventStatus.Ignored, stored.Status);
        Assert.NotNull(stored.ProcessedAt);
    }

    [Fact]
    public async Task An_event_a_worker_claimed_and_died_with_is_taken_by_another_once_its_lease_ends()
    {
        var id = $"evt_{Guid.NewGuid():N}";
        var body = SignedWebhooks.Event("product.created", new { id = "prod_2", @object = "product" }, id);
        // The dying instance's clock runs a lease behind, so its lease is over by now and the test need not wait a minute.
        var behind = new FakeWallClock();
        behind.AdjustTime(behind.GetUtcNow() - new BillingOptions().EventLease - TimeSpan.FromSeconds(1));
        await using (var crashed = new Instance(_database, processEvents: false, behind))
        {
            var response = await crashed.CreateClient().SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await using var scope = crashed.Services.CreateAsyncScope();
            var claimed = await scope.ServiceProvider.GetRequiredService<StripeEventInbox>().ClaimAsync(10, CancellationToken.None);
            Assert.Equal(id, Assert.Single(claimed).Id);
            // ...and the instance dies here, holding the lease, before processing it.
        }

        await using var survivor = new Instance(_database, processEvents: true);
        _ = survivor.Services;

        var stored = await WaitUntilAsync(id, e => e.Status != StripeEventStatus.Pending);
        Assert.Equal(StripeEventStatus.Ignored, stored.Status);
        Assert.Equal(2, stored.Attempts);
    }

    private Task<StripeEventRecord> WaitUntilAsync(string id, Func<StripeEventRecord, bool> condition) =>
        Eventually.ValueAsync(async () =>
        {
            await using var db = TestDatabase.CreateContext(_database.ConnectionString);
            return await db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == id);
        }, condition, $"event {id} to be processed");

    private sealed class Instance(TestDatabase database, bool processEvents, TimeProvider? clock = null) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseTestSettings(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Billing:ProcessEvents"] = processEvents ? "true" : "false",
                ["Billing:SyncCatalogAtStart"] = "false",
                ["Billing:ScheduledSync"] = "false",
            });
            if (clock is not null)
                builder.ConfigureTestServices(services => services.AddSingleton(clock));
        }
    }
}
