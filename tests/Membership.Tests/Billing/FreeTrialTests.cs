using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>A plan's free trial is for newcomers: a reader who ever subscribed pays from the first day.</summary>
public sealed class FreeTrialTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>, IDisposable
{
    private const long Amount = 700;

    public void Dispose() => app.Emulator.DropDeliveries = false;

    [Fact]
    public async Task The_first_checkout_trials_and_a_second_one_after_cancelling_is_paid_at_once()
    {
        var planKey = await TrialPlanAsync();
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        var first = await reader.StartCheckoutAsync(planKey);
        Assert.Equal(0, (await app.Stripe.V1.Checkout.Sessions.GetAsync(first.SessionId)).AmountTotal);
        Assert.True((await EmulatorCheckout.PayAsync(first.Url, EmulatorCheckout.GoodCard)).Paid);
        await app.SettleAsync();
        Assert.Equal("trialing", (await reader.MeAsync()).Entitlement.Status);
        await app.Stripe.V1.Subscriptions.CancelAsync((await app.SubscriptionsOfAsync(readerId)).Single().StripeSubscriptionId);
        await app.SettleAsync();

        var second = await reader.StartCheckoutAsync(planKey);

        Assert.Equal(Amount, (await app.Stripe.V1.Checkout.Sessions.GetAsync(second.SessionId)).AmountTotal);
        Assert.True((await EmulatorCheckout.PayAsync(second.Url, EmulatorCheckout.GoodCard)).Paid);
        await app.SettleAsync();
        var entitlement = (await reader.MeAsync()).Entitlement;
        Assert.Equal("active", entitlement.Status);
        Assert.True(entitlement.AdFree);
    }

    [Fact]
    public async Task A_reader_whose_past_trial_only_Stripe_knows_of_gets_no_second_trial()
    {
        var planKey = await TrialPlanAsync();
        app.Emulator.DropDeliveries = true;
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        Assert.True((await EmulatorCheckout.PayAsync((await reader.StartCheckoutAsync(planKey)).Url, EmulatorCheckout.GoodCard)).Paid);
        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId;
        var trial = (await app.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customerId })).Data.Single();
        Assert.Equal("trialing", trial.Status);
        await app.Stripe.V1.Subscriptions.CancelAsync(trial.Id);
        Assert.Empty(await app.SubscriptionsOfAsync(readerId));

        var again = await reader.StartCheckoutAsync(planKey);

        Assert.Equal(Amount, (await app.Stripe.V1.Checkout.Sessions.GetAsync(again.SessionId)).AmountTotal);
    }

    /// <summary>A plan with a 14-day trial, made as an admin makes one.</summary>
    private async Task<string> TrialPlanAsync()
    {
        var key = $"trial-{Guid.NewGuid():N}";
        var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/plans",
            new { key, name = "Ad-Free with a trial", amount = Amount, currency = "usd", interval = "month", trialDays = 14 });
        response.EnsureSuccessStatusCode();
        return key;
    }
}
