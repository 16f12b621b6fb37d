using System.Net;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>Nobody is billed for an account that no longer exists.</summary>
public sealed class AccountDeletionTests(FlakyStripeApp app) : IClassFixture<FlakyStripeApp>, IDisposable
{
    public void Dispose()
    {
        app.ClearFaults();
        app.Emulator.DropDeliveries = false;
    }

    [Fact]
    public async Task A_reader_who_deletes_the_account_while_subscribed_has_the_subscription_cancelled_in_Stripe()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();

        var response = await reader.SubmitAsync("/account/delete", new Dictionary<string, string> { ["Input.Password"] = Readers.Password });

        Assert.True(response.IsSuccessStatusCode, $"Deleting answered {(int)response.StatusCode}.");
        Assert.Equal("canceled", (await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId)).Status);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(r => r.Id == readerId)));
        // The cancellation's webhook arrives after the reader is gone: acknowledged, stored, harmless.
        await app.SettleAsync();
        Assert.False(await app.WithDbAsync(db => db.Subscriptions.AnyAsync(s => s.ReaderId == readerId)));
    }

    [Fact]
    public async Task A_subscription_only_Stripe_knows_of_is_cancelled_too_when_the_account_is_deleted()
    {
        app.Emulator.DropDeliveries = true;
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        Assert.True((await EmulatorCheckout.PayAsync((await reader.StartCheckoutAsync()).Url, EmulatorCheckout.GoodCard)).Paid);
        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId;
        var subscription = (await app.Stripe.V1.Subscriptions.ListAsync(new SubscriptionListOptions { Customer = customerId })).Data.Single();
        Assert.Empty(await app.SubscriptionsOfAsync(readerId));

        var response = await reader.SubmitAsync("/account/delete", new Dictionary<string, string> { ["Input.Password"] = Readers.Password });

        Assert.True(response.IsSuccessStatusCode, $"Deleting answered {(int)response.StatusCode}.");
        Assert.Equal("canceled", (await app.Stripe.V1.Subscriptions.GetAsync(subscription.Id)).Status);
        Assert.False(await app.WithDbAsync(db => db.Users.AnyAsync(r => r.Id == readerId)));
    }

    [Fact]
    public async Task While_Stripe_cannot_list_the_readers_subscriptions_the_account_is_not_deleted()
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        await app.Stripe.V1.Subscriptions.CancelAsync(subscriptionId);
        await app.SettleAsync();
        app.RateLimit((await app.ReaderAsync(readerId)).StripeCustomerId!);

        var response = await reader.SubmitAsync("/account/delete", new Dictionary<string, string> { ["Input.Password"] = Readers.Password });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Users.AnyAsync(r => r.Id == readerId)));
    }
}
