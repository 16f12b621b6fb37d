using System.Net;
using Membership.Tests.Billing;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Tests.Operations;

/// <summary>A clean stop leaves no inbox row leased, and a crashed worker's lease is seconds, renewed while it works.</summary>
public sealed class GracefulStopTests : IClassFixture<GracefulStopTests.App>
{
    private readonly App _app;

    public GracefulStopTests(App app) => _app = app;

    [Fact]
    public async Task A_worker_told_to_stop_after_its_claim_hands_every_event_back_due_at_once_and_unattempted()
    {
        var ids = await StoreAsync(3);
        var worker = _app.Services.GetRequiredService<StripeEventWorker>();
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        var taken = await worker.ProcessBatchAsync(stopping.Token, CancellationToken.None);

        Assert.True(taken >= 3);
        await using var db = TestDatabase.CreateContext(_app.Database.ConnectionString);
        var rows = await db.StripeEvents.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync();
        Assert.Equal(3, rows.Count);
        Assert.All(rows, row =>
        {
            Assert.Equal(StripeEventStatus.Pending, row.Status);
            Assert.Equal(0, row.Attempts);
            Assert.True(row.NextAttemptAt <= DateTimeOffset.UtcNow, "a handed-back event is due at once");
        });
    }

    [Fact]
    public async Task A_claim_is_leased_for_seconds_and_the_heartbeat_extends_it()
    {
        var ids = await StoreAsync(1);
        await using var scope = _app.Services.CreateAsyncScope();
        var inbox = scope.ServiceProvider.GetRequiredService<StripeEventInbox>();
        var lease = _app.Services.GetRequiredService<IOptions<BillingOptions>>().Value.EventLease;
        Assert.Equal(TimeSpan.FromSeconds(3), lease);

        var before = DateTimeOffset.UtcNow;
        var claimed = await inbox.ClaimAsync(100, CancellationToken.None);
        Assert.Contains(claimed, e => e.Id == ids[0]);
        var leasedUntil = Assert.Single(claimed, e => e.Id == ids[0]).NextAttemptAt;
        Assert.InRange(leasedUntil, before + lease - TimeSpan.FromSeconds(1), DateTimeOffset.UtcNow + lease);

        await Eventually.UntilAsync(() => DateTimeOffset.UtcNow - (leasedUntil - lease) > TimeSpan.FromMilliseconds(1), "the clock to move on past the claim before renewing");
        Assert.Equal(1, await inbox.RenewAsync(ids, CancellationToken.None));
        await using var db = TestDatabase.CreateContext(_app.Database.ConnectionString);
        var renewed = await db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == ids[0]);
        Assert.True(renewed.NextAttemptAt > leasedUntil);
        await inbox.ReleaseAsync(claimed.Select(e => e.Id).ToArray(), CancellationToken.None);
    }

    [Fact]
    public void The_host_drains_for_the_configured_shutdown_timeout()
    {
        Assert.Equal(TimeSpan.FromSeconds(7), _app.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    private async Task<string[]> StoreAsync(int count)
    {
        var client = _app.CreateClient();
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = $"evt_{Guid.NewGuid():N}";
            var body = SignedWebhooks.Event("product.created", new { id = $"prod_{i}", @object = "product" }, ids[i]);
            var response = await client.SendAsync(SignedWebhooks.Request(body, SignedWebhooks.Signature(body)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        return ids;
    }

    public sealed class App : MembershipApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Billing:ProcessEvents"] = "false",
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
            ["Membership:ShutdownTimeout"] = "00:00:07",
        };
    }
}
