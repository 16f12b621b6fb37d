using System.Net;
using Membership.Tests.Infrastructure;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>Renewals, failed payments, grace, cancellation and resumption, each seen as the reader sees it.</summary>
public sealed class SubscriptionLifecycleTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    private static DateTimeOffset Now => DateTimeOffset.UtcNow;

    [Fact]
    public async Task A_reader_cancels_at_period_end_keeps_access_until_then_and_can_resume()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        var paidUntil = (await reader.MeAsync()).Entitlement.ValidUntil;

        Assert.Equal(HttpStatusCode.NoContent, (await reader.PostAsync("/api/v1/me/subscription/cancel", null)).StatusCode);
        await app.SettleAsync();

        var cancelling = (await reader.MeAsync()).Entitlement;
        Assert.True(cancelling.AdFree);
        Assert.Equal(paidUntil, cancelling.ValidUntil);
        Assert.True((await app.SubscriptionsOfAsync(readerId)).Single() is { CancelAtPeriodEnd: true } or { CancelAt: not null });

        Assert.Equal(HttpStatusCode.NoContent, (await reader.PostAsync("/api/v1/me/subscription/resume", null)).StatusCode);
        await app.SettleAsync();

        var resumed = (await app.SubscriptionsOfAsync(readerId)).Single();
        Assert.False(resumed.CancelAtPeriodEnd);
        Assert.Null(resumed.CancelAt);
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
        // The reader's request and its webhook race to record the change; either cause is right, and it is recorded once.
        Assert.Equal(2, (await app.HistoryOfAsync(readerId)).Count(h => h.Change == "scheduled_cancel"));
    }

    [Fact]
    public async Task A_cancellation_scheduled_as_cancel_at_alone_is_undone_by_the_readers_resume()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        // Flexible billing mode (the portal among others) schedules the end as cancel_at, without cancel_at_period_end.
        var scheduled = new SubscriptionUpdateOptions();
        scheduled.AddExtraParam("cancel_at", "max_period_end");
        await app.Stripe.V1.Subscriptions.UpdateAsync(subscriptionId, scheduled);
        await app.SettleAsync();
        Assert.True((await app.SubscriptionsOfAsync(readerId)).Single() is { CancelAtPeriodEnd: false, CancelAt: not null });

        Assert.Equal(HttpStatusCode.NoContent, (await reader.PostAsync("/api/v1/me/subscription/resume", null)).StatusCode);
        await app.SettleAsync();

        var inStripe = await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.Null(inStripe.CancelAt);
        Assert.False(inStripe.CancelAtPeriodEnd);
        Assert.Null((await app.SubscriptionsOfAsync(readerId)).Single().CancelAt);
    }

    [Fact]
    public async Task Cancelling_without_a_subscription_is_a_conflict()
    {
        var reader = await app.RegisterAndSignInAsync();

        var response = await reader.PostAsync("/api/v1/me/subscription/cancel", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task A_subscription_cancelled_in_Stripe_ends_access_at_once()
    {
        var (reader, _, subscriptionId) = await app.SubscribedReaderAsync();

        await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        await app.SettleAsync();

        var entitlement = (await reader.MeAsync()).Entitlement;
        Assert.False(entitlement.AdFree);
        Assert.Equal("canceled", entitlement.Status);
        Assert.Null(entitlement.Source);
    }

    [Fact]
    public async Task A_renewal_that_pays_extends_access_by_a_period()
    {
        var clocked = await app.ClockedSubscriptionAsync(Now.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        // The paid month is over (an hour ago, on Stripe's clock) and Stripe has not renewed yet.
        Assert.False((await clocked.Reader.MeAsync()).Entitlement.AdFree);

        await app.AdvanceAsync(clocked, periodEnd.AddHours(2));

        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.True(entitlement.AdFree);
        Assert.Equal("active", entitlement.Status);
        Assert.InRange(entitlement.ValidUntil!.Value, periodEnd.AddDays(27), periodEnd.AddDays(32));
    }

    [Fact]
    public async Task A_failed_renewal_keeps_access_for_the_grace_period_from_the_first_failure()
    {
        var clocked = await app.ClockedSubscriptionAsync(Now.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await app.UseFailingCardAsync(clocked);

        await app.AdvanceAsync(clocked, periodEnd.AddHours(2));

        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.Equal("past_due", entitlement.Status);
        Assert.True(entitlement.AdFree);
        // Stripe attempts the renewal an hour after the period ends; grace is seven days from that attempt.
        Assert.InRange(entitlement.GraceUntil!.Value, periodEnd.AddDays(7), periodEnd.AddDays(7).AddHours(2));
        Assert.Equal(entitlement.GraceUntil, entitlement.ValidUntil);
    }

    [Fact]
    public async Task A_reader_past_due_beyond_the_grace_period_is_not_ad_free()
    {
        var clocked = await app.ClockedSubscriptionAsync(Now.AddDays(-9).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await app.UseFailingCardAsync(clocked);

        await app.AdvanceAsync(clocked, periodEnd.AddHours(2));

        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.Equal("past_due", entitlement.Status);
        Assert.False(entitlement.AdFree);
    }

    [Fact]
    public async Task A_failed_renewal_that_is_never_paid_ends_in_cancellation()
    {
        var clocked = await app.ClockedSubscriptionAsync(Now.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await app.UseFailingCardAsync(clocked);
        await app.AdvanceAsync(clocked, periodEnd.AddHours(2));

        // Past every retry Stripe makes (at most a month of retries).
        await app.AdvanceAsync(clocked, periodEnd.AddDays(40));

        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.Equal("canceled", entitlement.Status);
        Assert.False(entitlement.AdFree);
        var history = await app.HistoryOfAsync(clocked.ReaderId);
        Assert.Equal(["active", "past_due", "canceled"], history.Where(h => h.Change == "status").Select(h => h.To));
    }

    [Fact]
    public async Task A_failed_renewal_recovered_by_a_new_card_restores_the_subscription()
    {
        var clocked = await app.ClockedSubscriptionAsync(Now.AddHours(-1).AddMonths(-1));
        var periodEnd = await app.PeriodEndAsync(clocked);
        await app.UseFailingCardAsync(clocked);
        await app.AdvanceAsync(clocked, periodEnd.AddHours(2));
        Assert.Equal("past_due", (await clocked.Reader.MeAsync()).Entitlement.Status);

        await app.Stripe.V1.Subscriptions.UpdateAsync(clocked.SubscriptionId, new SubscriptionUpdateOptions { DefaultPaymentMethod = "pm_card_visa" });
        // The next automatic retry pays.
        await app.AdvanceAsync(clocked, periodEnd.AddDays(10));

        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.Equal("active", entitlement.Status);
        Assert.True(entitlement.AdFree);
        Assert.Null(entitlement.GraceUntil);
    }

    [Fact]
    public async Task A_cancellation_at_period_end_takes_effect_when_the_period_ends()
    {
        var clocked = await app.ClockedSubscriptionAsync(Now.AddDays(-20));
        var periodEnd = await app.PeriodEndAsync(clocked);
        Assert.Equal(HttpStatusCode.NoContent, (await clocked.Reader.PostAsync("/api/v1/me/subscription/cancel", null)).StatusCode);
        await app.SettleAsync();
        Assert.True((await clocked.Reader.MeAsync()).Entitlement.AdFree);

        await app.AdvanceAsync(clocked, periodEnd.AddHours(1));

        var entitlement = (await clocked.Reader.MeAsync()).Entitlement;
        Assert.Equal("canceled", entitlement.Status);
        Assert.False(entitlement.AdFree);
    }
}
