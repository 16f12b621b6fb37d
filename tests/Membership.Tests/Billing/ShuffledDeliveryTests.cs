using System.Globalization;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Billing;

/// <summary>
/// Real Stripe does not promise order or uniqueness. Each scenario's real event sequence is replayed in
/// shuffled orders with duplicates, from a clean local state; the result must equal in-order delivery.
/// </summary>
public sealed class ShuffledDeliveryTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    private const int Rounds = 4;

    public static TheoryData<string> Scenarios => [.. BillingScenarios.Names];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Shuffled_and_duplicated_delivery_ends_as_in_order_delivery(string scenario)
    {
        var marker = await app.NewestEventIdAsync();
        var readerId = await BillingScenarios.RunAsync(app, scenario);
        var inOrder = await SnapshotAsync(readerId);
        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId!;
        var events = OfCustomer(await app.EventsSinceAsync(marker), customerId);
        Assert.NotEmpty(events);

        var random = new Random(Array.IndexOf(BillingScenarios.Names, scenario) + 17);
        for (var round = 0; round < Rounds; round++)
        {
            await ForgetAsync(readerId, events);
            var deliveries = events.Concat(events.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();

            foreach (var batch in deliveries.Chunk(4))
                await Task.WhenAll(batch.Select(e => app.DeliverAsync(e.GetRawText())));
            await app.SettleAsync();

            Assert.Equal(inOrder, await SnapshotAsync(readerId));
        }
    }

    [Fact]
    public async Task The_same_real_event_delivered_20_times_at_once_has_one_effect()
    {
        var marker = await app.NewestEventIdAsync();
        var (_, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var created = (await app.EventsSinceAsync(marker)).Single(e => e.Type() == "customer.subscription.created");
        var once = await SnapshotAsync(readerId);
        var historyOnce = (await app.HistoryOfAsync(readerId)).Count(h => h.StripeSubscriptionId == subscriptionId);
        await ForgetAsync(readerId, [created]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.DeliverAsync(created.GetRawText())));
        await app.SettleAsync();

        Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
        Assert.Equal(once, await SnapshotAsync(readerId));
        Assert.Equal(historyOnce, (await app.HistoryOfAsync(readerId)).Count(h => h.StripeSubscriptionId == subscriptionId));
        Assert.Equal(1, await app.WithDbAsync(db => db.StripeEvents.CountAsync(e => e.Id == created.GetProperty("id").GetString())));
    }

    private sealed record Snapshot(string Subscriptions, bool AdFree, string Status, DateTimeOffset? ValidUntil, DateTimeOffset? GraceUntil, int Refunds, int Disputes);

    private async Task<Snapshot> SnapshotAsync(Guid readerId)
    {
        var subscriptions = (await app.SubscriptionsOfAsync(readerId)).OrderBy(s => s.StripeSubscriptionId, StringComparer.Ordinal)
            .Select(s => string.Join('|', s.StripeSubscriptionId, s.Status, s.PlanKey, s.CancelAtPeriodEnd, s.CancelAt?.ToString("O", CultureInfo.InvariantCulture),
                s.CurrentPeriodEnd?.ToString("O", CultureInfo.InvariantCulture), s.FirstFailedPaymentAt?.ToString("O", CultureInfo.InvariantCulture)));
        var history = await app.HistoryOfAsync(readerId);
        var entitlement = await app.EntitlementOfAsync(readerId);
        return new Snapshot(string.Join('\n', subscriptions), entitlement.AdFree, entitlement.Status, entitlement.ValidUntil, entitlement.GraceUntil,
            history.Count(h => h.Change == "refund"), history.Count(h => h.Change == "dispute"));
    }

    /// <summary>Back to before the events arrived: no local subscriptions, no history, the events not yet received.</summary>
    private Task<int> ForgetAsync(Guid readerId, IReadOnlyList<JsonElement> events)
    {
        var ids = events.Select(e => e.GetProperty("id").GetString()!).ToList();
        return app.WithDbAsync(async db =>
            await db.Subscriptions.Where(s => s.ReaderId == readerId).ExecuteDeleteAsync()
            + await db.SubscriptionHistory.Where(h => h.ReaderId == readerId).ExecuteDeleteAsync()
            + await db.StripeEvents.Where(e => ids.Contains(e.Id)).ExecuteDeleteAsync());
    }

    /// <summary>The events about this customer: its own objects, and disputes of its charges.</summary>
    private static List<JsonElement> OfCustomer(List<JsonElement> events, string customerId)
    {
        var charges = events.Where(e => e.ObjectField("customer") == customerId && e.ObjectField("object") == "charge")
            .Select(e => e.ObjectField("id")).ToHashSet();
        return events.Where(e => e.ObjectField("customer") == customerId || e.ObjectField("id") == customerId
            || (e.ObjectField("charge") is { } charge && charges.Contains(charge))).ToList();
    }
}
