using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>A reader pays on Stripe's checkout page and becomes ad-free: the heart of the product.</summary>
public sealed class CheckoutFlowTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task A_reader_who_pays_becomes_ad_free_until_the_end_of_the_paid_month()
    {
        var reader = await app.RegisterAndSignInAsync();
        var checkout = await reader.StartCheckoutAsync("adfree-monthly");

        var outcome = await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard);

        Assert.True(outcome.Paid);
        Assert.EndsWith($"/subscribe/success?session_id={checkout.SessionId}", outcome.RedirectedTo, StringComparison.Ordinal);
        await app.SettleAsync();
        var entitlement = (await reader.MeAsync()).Entitlement;
        Assert.True(entitlement.AdFree);
        Assert.Equal("active", entitlement.Status);
        Assert.Equal("subscription", entitlement.Source);
        Assert.Equal("adfree-monthly", entitlement.PlanKey);
        Assert.Equal(["ad_free"], entitlement.Features);
        Assert.InRange(entitlement.ValidUntil!.Value, DateTimeOffset.UtcNow.AddDays(27), DateTimeOffset.UtcNow.AddDays(32));
    }

    [Fact]
    public async Task A_declined_card_leaves_the_reader_without_access_and_a_retry_with_a_good_card_subscribes()
    {
        var reader = await app.RegisterAndSignInAsync();
        var checkout = await reader.StartCheckoutAsync();

        var declined = await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.DeclinedCard);

        Assert.False(declined.Paid);
        Assert.Contains("declined", declined.Page, StringComparison.OrdinalIgnoreCase);
        await app.SettleAsync();
        var me = await reader.MeAsync();
        Assert.False(me.Entitlement.AdFree);
        Assert.Empty(await app.SubscriptionsOfAsync(me.Id));

        var retried = await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard);

        Assert.True(retried.Paid);
        await app.SettleAsync();
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
        Assert.Single(await app.SubscriptionsOfAsync(me.Id));
    }

    [Fact]
    public async Task A_yearly_plan_is_valid_for_a_year()
    {
        var (reader, _, _) = await app.SubscribedReaderAsync("adfree-yearly");

        var entitlement = (await reader.MeAsync()).Entitlement;

        Assert.Equal("adfree-yearly", entitlement.PlanKey);
        Assert.InRange(entitlement.ValidUntil!.Value, DateTimeOffset.UtcNow.AddDays(364), DateTimeOffset.UtcNow.AddDays(367));
    }

    [Fact]
    public async Task A_subscribed_reader_cannot_start_a_second_checkout()
    {
        var (reader, _, _) = await app.SubscribedReaderAsync();

        var response = await reader.PostAsJsonAsync("/api/v1/me/checkout", new { planKey = "adfree-yearly" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Concurrent_checkouts_of_one_reader_make_one_Stripe_customer()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;

        var sessions = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => reader.StartCheckoutAsync()));

        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId;
        Assert.NotNull(customerId);
        var customers = new List<string>();
        foreach (var session in sessions)
            customers.Add((await app.Stripe.V1.Checkout.Sessions.GetAsync(session.SessionId)).CustomerId);
        Assert.All(customers, c => Assert.Equal(customerId, c));
        var email = (await reader.MeAsync()).Email;
        var inStripe = await app.Stripe.V1.Customers.ListAsync(new CustomerListOptions { Email = email, Limit = 100 });
        Assert.Single(inStripe.Data);
    }

    [Fact]
    public async Task A_reader_whose_Stripe_customer_was_deleted_checks_out_again_as_a_new_customer()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        var deleted = (await app.ReaderAsync(readerId)).StripeCustomerId;
        await app.Stripe.V1.Customers.DeleteAsync(deleted);
        await app.SettleAsync();
        Assert.Null((await app.ReaderAsync(readerId)).StripeCustomerId);

        var checkout = await reader.StartCheckoutAsync();
        var outcome = await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard);

        var customerId = (await app.Stripe.V1.Checkout.Sessions.GetAsync(checkout.SessionId)).CustomerId;
        Assert.NotEqual(deleted, customerId);
        Assert.Equal(customerId, (await app.ReaderAsync(readerId)).StripeCustomerId);
        Assert.True(outcome.Paid);
        await app.SettleAsync();
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task An_unknown_plan_is_a_validation_problem_and_creates_nothing_in_Stripe()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;

        var response = await reader.PostAsJsonAsync("/api/v1/me/checkout", new { planKey = "no-such-plan" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null((await app.ReaderAsync(readerId)).StripeCustomerId);
    }

    [Fact]
    public async Task The_success_page_session_names_the_reader_so_an_early_invoice_finds_its_owner()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        var checkout = await reader.StartCheckoutAsync();

        var session = await app.Stripe.V1.Checkout.Sessions.GetAsync(checkout.SessionId);

        Assert.Equal(readerId.ToString(), session.ClientReferenceId);
        Assert.Equal(readerId.ToString(), session.Metadata["reader_id"]);
        Assert.Equal("subscription", session.Mode);
        Assert.True(session.AllowPromotionCodes);
        Assert.Equal(1, await app.WithDbAsync(db => db.Users.CountAsync(r => r.Id == readerId && r.StripeCustomerId == session.CustomerId)));
    }
}
