using System.Net;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>
/// Each event type the service handles, alone: the change is made in Stripe with webhooks switched off,
/// then only that one real event is delivered, signed, through the real endpoint.
/// </summary>
public sealed class EventTypeTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>, IDisposable
{
    public void Dispose() => app.Emulator.DropDeliveries = false;

    [Fact]
    public async Task Checkout_session_completed_subscribes_the_reader()
    {
        var (reader, readerId) = await PaidWithoutWebhooksAsync(EmulatorCheckout.GoodCard, async () =>
            await DeliverOnlyAsync("checkout.session.completed"));

        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
        Assert.NotNull((await app.ReaderAsync(readerId)).StripeCustomerId);
    }

    [Fact]
    public async Task Customer_subscription_created_subscribes_the_reader()
    {
        var (reader, _) = await PaidWithoutWebhooksAsync(EmulatorCheckout.GoodCard, async () =>
            await DeliverOnlyAsync("customer.subscription.created"));

        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task Invoice_paid_subscribes_the_reader_even_before_checkout_completes()
    {
        var (reader, _) = await PaidWithoutWebhooksAsync(EmulatorCheckout.GoodCard, async () =>
            await DeliverOnlyAsync("invoice.paid"));

        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task Customer_subscription_updated_records_a_scheduled_cancellation()
    {
        var (_, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        await WithoutWebhooksAsync(() => app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, new SubscriptionUpdateOptions { CancelAtPeriodEnd = true }));

        await DeliverOnlyAsync("customer.subscription.updated");

        Assert.True((await app.SubscriptionsOfAsync(readerId)).Single() is { CancelAtPeriodEnd: true } or { CancelAt: not null });
        Assert.True((await app.EntitlementOfAsync(readerId)).AdFree);
    }

    [Fact]
    public async Task Customer_subscription_deleted_ends_access()
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();
        await WithoutWebhooksAsync(() => app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId));

        await DeliverOnlyAsync("customer.subscription.deleted");

        Assert.Equal("canceled", (await reader.MeAsync()).Entitlement.Status);
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Theory]
    [InlineData("customer.subscription.paused")]
    [InlineData("customer.subscription.resumed")]
    public async Task Pause_and_resume_events_resync_the_subscription_from_Stripe(string type)
    {
        var (_, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var subscription = await app.GetRawAsync($"/v1/subscriptions/{subscriptionId}");
        var eventId = $"evt_test_{Guid.NewGuid():N}";

        var response = await app.DeliverAsync(SignedWebhooks.Event(type, subscription, eventId));
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == eventId));
        Assert.Equal(StripeEventStatus.Processed, stored.Status);
        Assert.Equal(readerId, stored.ReaderId);
        Assert.Equal("active", (await app.SubscriptionsOfAsync(readerId)).Single().Status);
    }

    [Fact]
    public async Task Invoice_payment_failed_puts_the_reader_in_grace()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await app.UseFailingCardAsync(clocked);
        await WithoutWebhooksAsync(() => app.AdvanceAsync(clocked, periodEnd.AddHours(2)));

        await DeliverOnlyAsync("invoice.payment_failed");

        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.Equal("past_due", entitlement.Status);
        Assert.True(entitlement.AdFree);
        Assert.NotNull(entitlement.GraceUntil);
    }

    [Fact]
    public async Task Customer_deleted_unlinks_the_reader_and_ends_access()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId;
        await WithoutWebhooksAsync(() => app.Stripe.V1.Customers.DeleteAsync(customerId));

        await DeliverOnlyAsync("customer.deleted");

        Assert.Null((await app.ReaderAsync(readerId)).StripeCustomerId);
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);
        Assert.Contains(await app.HistoryOfAsync(readerId), h => h.Change == "customer" && h.From == customerId);
    }

    [Fact]
    public async Task Charge_refunded_is_recorded_in_the_readers_history_without_ending_access()
    {
        var marker = await app.NewestEventIdAsync();
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        var charge = (await app.EventsSinceAsync(marker)).Last(e => e.Type() == "charge.succeeded").ObjectField("id");
        await WithoutWebhooksAsync(() => app.Stripe.V1.Refunds.CreateAsync(new RefundCreateOptions { Charge = charge }));

        await DeliverOnlyAsync("charge.refunded");

        Assert.Single(await app.HistoryOfAsync(readerId), h => h.Change == "refund");
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task Charge_dispute_created_is_recorded_in_the_readers_history()
    {
        var marker = await app.NewestEventIdAsync();
        var (_, readerId) = await PaidWithoutWebhooksAsync(EmulatorCheckout.DisputedCard, async () =>
        {
            await Eventually.UntilAsync(async () => (await app.EventsSinceAsync(marker)).Any(e => e.Type() == "charge.dispute.created"),
                "Stripe to open the dispute");
            await DeliverOnlyAsync("charge.dispute.created", marker);
        });

        Assert.Single(await app.HistoryOfAsync(readerId), h => h.Change == "dispute");
    }

    [Fact]
    public async Task An_event_rendered_at_another_API_version_is_processed_like_any_other()
    {
        var (reader, readerId) = await PaidWithoutWebhooksAsync(EmulatorCheckout.GoodCard, async () =>
        {
            var real = (await app.EventsSinceAsync(_marker)).Last(e => e.Type() == "checkout.session.completed");
            var eventId = $"evt_test_{Guid.NewGuid():N}";
            var response = await app.DeliverAsync(SignedWebhooks.Event(real.Type(), real.GetProperty("data").GetProperty("object"), eventId, "2024-06-20.acacia"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await app.SettleAsync();
            Assert.Equal(StripeEventStatus.Processed, (await app.WithDbAsync(db => db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == eventId))).Status);
        });

        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
        Assert.NotNull((await app.ReaderAsync(readerId)).StripeCustomerId);
    }

    [Fact]
    public async Task An_event_type_the_service_does_not_use_is_acknowledged_and_recorded_as_ignored()
    {
        var eventId = $"evt_test_{Guid.NewGuid():N}";

        var response = await app.DeliverAsync(SignedWebhooks.Event("customer.tax_id.created", new { id = "txi_1", @object = "tax_id" }, eventId));
        await app.SettleAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StripeEventStatus.Ignored, (await app.WithDbAsync(db => db.StripeEvents.AsNoTracking().SingleAsync(e => e.Id == eventId))).Status);
    }

    private string? _marker;

    /// <summary>A reader checks out and pays while no webhook reaches the service; then <paramref name="deliver"/> runs.</summary>
    private async Task<(HttpClient Reader, Guid ReaderId)> PaidWithoutWebhooksAsync(string card, Func<Task> deliver)
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        var checkout = await reader.StartCheckoutAsync();
        await WithoutWebhooksAsync(() => EmulatorCheckout.PayAsync(checkout.Url, card));
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);
        await deliver();
        return (reader, readerId);
    }

    private async Task WithoutWebhooksAsync<T>(Func<Task<T>> change) => await WithoutWebhooksAsync(async () => { await change(); });

    private async Task WithoutWebhooksAsync(Func<Task> change)
    {
        await app.SettleAsync();
        _marker = await app.NewestEventIdAsync();
        app.Emulator.DropDeliveries = true;
        await change();
        await app.SettleAsync();
    }

    /// <summary>Delivers the newest event of <paramref name="type"/> since the change, and nothing else.</summary>
    private async Task<JsonElement> DeliverOnlyAsync(string type, string? since = null)
    {
        var stripeEvent = (await app.EventsSinceAsync(since ?? _marker)).Last(e => e.Type() == type);
        var response = await app.DeliverAsync(stripeEvent.GetRawText());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await app.SettleAsync();
        return stripeEvent;
    }
}
