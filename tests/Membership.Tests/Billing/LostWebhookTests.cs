using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Billing;

/// <summary>Webhooks can be lost for good; the admin's sync and the scheduled sync repair what they left wrong.</summary>
public sealed class LostWebhookTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>, IDisposable
{
    public void Dispose() => app.Emulator.DropDeliveries = false;

    [Fact]
    public async Task A_payment_whose_webhooks_were_lost_is_repaired_by_an_admin_sync()
    {
        app.Emulator.DropDeliveries = true;
        var reader = await app.RegisterAndSignInAsync();
        var checkout = await reader.StartCheckoutAsync();
        Assert.True((await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard)).Paid);
        await app.SettleAsync();
        var me = await reader.MeAsync();
        Assert.False(me.Entitlement.AdFree);

        var admin = await app.AdminAsync();
        var response = await admin.PostAsync($"/api/v1/admin/readers/{me.Id}/sync", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<SyncResult>())!.SubscriptionsSynced);
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
        Assert.Contains(await app.HistoryOfAsync(me.Id), h => h.Change == "status" && h.To == "active" && h.Cause == "admin sync");
    }

    [Fact]
    public async Task A_cancellation_whose_webhook_was_lost_is_repaired_by_the_scheduled_sync()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        app.Emulator.DropDeliveries = true;
        await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);

        await RunScheduledSyncAsync();

        Assert.False((await reader.MeAsync()).Entitlement.AdFree);
        Assert.Contains(await app.HistoryOfAsync(readerId), h => h.Change == "status" && h.To == "canceled" && h.Cause == "scheduled sync");
    }

    [Fact]
    public async Task A_new_subscription_whose_webhooks_were_all_lost_is_found_by_the_scheduled_sync()
    {
        app.Emulator.DropDeliveries = true;
        var reader = await app.RegisterAndSignInAsync();
        var checkout = await reader.StartCheckoutAsync();
        Assert.True((await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard)).Paid);
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);

        await RunScheduledSyncAsync();

        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task An_admin_sync_of_an_unknown_reader_is_404()
    {
        var admin = await app.AdminAsync();

        var response = await admin.PostAsync($"/api/v1/admin/readers/{Guid.NewGuid()}/sync", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task RunScheduledSyncAsync()
    {
        var synced = await app.Services.GetRequiredService<ScheduledSync>().RunOnceAsync(CancellationToken.None);
        Assert.NotNull(synced);
    }
}
