using System.Net;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

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

    private async Task<StripeEventRecord> WaitUntilAsync(string id, Func<StripeEventRecord, bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            await using var db = TestDatabase.CreateContext(_database.ConnectionString);
            var record = await db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == id, timeout.Token);
            if (condition(record))
                return record;
            await Task.Delay(50, timeout.Token);
        }
    }

    private sealed class Instance(TestDatabase database, bool processEvents) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseTestSettings(database.ConnectionString, new Dictionary<string, string?>
            {
                ["Billing:ProcessEvents"] = processEvents ? "true" : "false",
                ["Billing:SyncCatalogAtStart"] = "false",
                ["Billing:ScheduledSync"] = "false",
            });
        }
    }
}
