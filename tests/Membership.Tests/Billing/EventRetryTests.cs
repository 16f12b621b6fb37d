using System.Net;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Billing;

/// <summary>An event whose processing fails stays in the inbox, visible with its error, and is retried after a backoff.</summary>
public sealed class EventRetryTests(FlakyStripeApp app) : IClassFixture<FlakyStripeApp>, IDisposable
{
    public void Dispose()
    {
        app.ClearFaults();
        app.Emulator.DropDeliveries = false;
    }

    [Fact]
    public async Task A_cancellation_Stripe_cannot_be_asked_about_is_retried_and_applied_once_Stripe_answers()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var marker = await app.NewestEventIdAsync();
        app.Emulator.DropDeliveries = true;
        await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        var deleted = (await app.EventsSinceAsync(marker)).Single(e => e.Type() == "customer.subscription.deleted");
        var eventId = deleted.GetProperty("id").GetString()!;
        // The worker re-reads the subscription from Stripe, which now refuses (rate limited).
        app.RateLimit(subscriptionId);

        Assert.Equal(HttpStatusCode.OK, (await app.DeliverAsync(deleted.GetRawText())).StatusCode);
        var failed = await EventAsync(eventId, e => e.Attempts >= 1 && e.LastError is not null);

        Assert.Equal(StripeEventStatus.Pending, failed.Status);
        Assert.Contains("rate", failed.LastError, StringComparison.OrdinalIgnoreCase);
        Assert.True(failed.NextAttemptAt > failed.ReceivedAt, "a failed attempt is retried later, not at once");
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);

        app.ClearFaults();
        var processed = await EventAsync(eventId, e => e.Status == StripeEventStatus.Processed);

        Assert.True(processed.Attempts >= 2);
        Assert.Null(processed.LastError);
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);
        Assert.Single(await app.HistoryOfAsync(readerId), h => h.Change == "status" && h.To == "canceled");
    }

    private async Task<StripeEventRecord> EventAsync(string id, Func<StripeEventRecord, bool> condition)
    {
        StripeEventRecord? record = null;
        await Eventually.UntilAsync(async () =>
        {
            record = await app.WithDbAsync(db => db.StripeEvents.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id));
            return record is not null && condition(record);
        }, $"event {id} to reach the expected state");
        return record!;
    }
}
