using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Accounts;
using Membership.Web.MyAccount;
using Membership.Web.Webhooks;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Membership.Tests.Webhooks;

/// <summary>The service on the emulator with its webhook workers polling quickly.</summary>
public sealed class StripeWebhookApp : StripeBackedApp
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Webhooks:PollInterval"] = "00:00:00.100",
    };
}

/// <summary>
/// A paying reader's whole life, driven through Stripe (the emulator) and the service's own paths: a site's
/// receiver, verifying every delivery with the StandardWebhooks package, hears each change once and in order.
/// </summary>
public sealed class SubscriptionLifeWebhookTests(StripeWebhookApp app) : IClassFixture<StripeWebhookApp>
{
    [Fact]
    public async Task A_receiver_hears_join_cancel_scheduled_resumed_pause_unpause_plan_change_revocation_and_deletion_in_order()
    {
        await using var receiver = await SiteReceiver.StartAsync();
        using var admin = await app.AdminAsync();
        var created = await admin.PostAsJsonAsync("/api/v1/admin/webhook-endpoints", new { url = receiver.Url, events = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        receiver.UseSecret((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!);

        var (_, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        await HeardAsync(receiver, readerId, 1);
        await app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true });
        await HeardAsync(receiver, readerId, 2);
        await app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = false });
        await HeardAsync(receiver, readerId, 3);
        await app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            PauseCollection = new SubscriptionPauseCollectionOptions { Behavior = "void", ResumesAt = DateTime.UtcNow.AddMonths(1) },
        });
        await HeardAsync(receiver, readerId, 5);
        var unpause = new SubscriptionUpdateOptions();
        unpause.AddExtraParam("pause_collection", "");
        await app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, unpause);
        await HeardAsync(receiver, readerId, 7);
        var yearly = await app.WithDbAsync(db => db.Plans.Where(p => p.Key == "adfree-yearly").Select(p => p.StripePriceId!).SingleAsync());
        var item = (await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).Items.Data[0].Id;
        await app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions
        {
            Items = [new SubscriptionItemOptions { Id = item, Price = yearly }],
            ProrationBehavior = "none",
        });
        await HeardAsync(receiver, readerId, 8);
        await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        await HeardAsync(receiver, readerId, 9);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var reader = await scope.ServiceProvider.GetRequiredService<UserManager<Reader>>().FindByIdAsync(readerId.ToString());
            Assert.Null(await scope.ServiceProvider.GetRequiredService<AccountDeletion>().DeleteAsync(reader!, CancellationToken.None));
        }
        var heard = await HeardAsync(receiver, readerId, 10);

        Assert.Equal(
            ["entitlement.granted", "subscription.cancel_scheduled", "subscription.resumed", "entitlement.revoked", "subscription.paused",
                "entitlement.granted", "subscription.resumed", "entitlement.changed", "entitlement.revoked", "reader.deleted"],
            heard.Select(e => e.GetProperty("type").GetString()));
        Assert.Empty(receiver.Refused);
        var granted = heard[0].GetProperty("data").GetProperty("entitlement");
        Assert.Equal((true, "adfree-monthly"), (granted.GetProperty("adFree").GetBoolean(), granted.GetProperty("planKey").GetString()));
        var changed = heard[7].GetProperty("data");
        Assert.Equal(("adfree-monthly", "adfree-yearly"),
            (changed.GetProperty("before").GetProperty("planKey").GetString(), changed.GetProperty("after").GetProperty("planKey").GetString()));
        Assert.False(heard[8].GetProperty("data").GetProperty("entitlement").GetProperty("adFree").GetBoolean());
        // Still heard exactly once each after the dust settles.
        await app.SettleAsync();
        Assert.Equal(10, Of(receiver, readerId).Count);
    }

    [Fact]
    public void A_pause_and_its_end_are_events_of_their_own()
    {
        // Stripe's pause_collection leaves the status "active" and the emulator cannot reach "paused", so the
        // recorder's decision is checked on its own here: paused, then resumed.
        var readerId = Guid.NewGuid();
        var entitled = new EntitlementEventState(true, "p@example.test", View(true), false, false);
        var paused = entitled with { Entitlement = View(false), Paused = true };

        Assert.Equal(["entitlement.revoked", "subscription.paused"], EntitlementEventState.Diff(readerId, entitled, paused).Select(e => e.Type));
        Assert.Equal(["entitlement.granted", "subscription.resumed"], EntitlementEventState.Diff(readerId, paused, entitled).Select(e => e.Type));
    }

    private static Web.Entitlements.EntitlementView View(bool adFree) => new(
        Guid.Empty, adFree, adFree ? ["ad_free"] : [], adFree ? "active" : "paused", adFree ? "subscription" : null, "adfree-monthly",
        adFree ? DateTimeOffset.UnixEpoch.AddYears(60) : null, null, DateTimeOffset.UnixEpoch);

    private static List<JsonElement> Of(SiteReceiver receiver, Guid readerId) =>
        receiver.Verified.Where(e => e.GetProperty("data").GetProperty("readerId").GetGuid() == readerId).ToList();

    private static async Task<List<JsonElement>> HeardAsync(SiteReceiver receiver, Guid readerId, int count)
    {
        await Eventually.UntilAsync(() => Task.FromResult(Of(receiver, readerId).Count >= count), $"{count} events about the reader");
        return Of(receiver, readerId);
    }
}
