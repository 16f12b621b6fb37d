using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Stripe;
using Plan = Membership.Web.Plans.Plan;

namespace Membership.Tests.Billing;

/// <summary>
/// The database can point at Stripe objects that are gone: a price or product archived in the Dashboard,
/// a customer deleted while its webhook was lost, or ids of another account (test and live keys switched,
/// an emulator started afresh). Each heals where it is met, and the reader's purchase goes through.
/// </summary>
public sealed class DanglingStripeReferencesTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>, IDisposable
{
    private const string OtherAccountsPrice = "price_1FromAnotherStripeAccount";
    private const string OtherAccountsProduct = "prod_FromAnotherAccount";

    public void Dispose() => app.Emulator.DropDeliveries = false;

    [Fact]
    public async Task A_plan_whose_price_and_product_were_archived_in_Stripe_is_sold_again_when_an_instance_starts()
    {
        var key = await NewPlanAsync();
        var before = await PlanAsync(key);
        await ArchiveInStripeAsync(before);

        await using (var restarted = app.WithWebHostBuilder(_ => { }))
        {
            _ = restarted.Server;
            await Eventually.UntilAsync(async () => (await PlanAsync(key)).StripePriceId != before.StripePriceId, "the plan to be sold again");
        }

        var after = await PlanAsync(key);
        var price = await app.Stripe.V1.Prices.GetAsync(after.StripePriceId);
        var product = await app.Stripe.V1.Products.GetAsync(after.StripeProductId);
        Assert.True(price.Active);
        Assert.Equal((key, 700L, "month"), (price.LookupKey, price.UnitAmount!.Value, price.Recurring.Interval));
        Assert.Equal(product.Id, price.ProductId);
        Assert.True(product.Active);
        Assert.NotEqual(before.StripeProductId, product.Id);
        Assert.Null((await app.Stripe.V1.Prices.GetAsync(before.StripePriceId)).LookupKey);
        Assert.True(await app.WithDbAsync(db => db.Set<PlanPrice>().AnyAsync(p => p.StripePriceId == price.Id && p.PlanKey == key && p.Amount == 700)));
        await AssertBuysAsync(key, price.Id);
    }

    [Theory]
    [InlineData("archived in the Dashboard")]
    [InlineData("of another Stripe account")]
    public async Task A_checkout_of_a_plan_whose_price_Stripe_refuses_sells_it_again_and_goes_on(string how)
    {
        var key = await NewPlanAsync();
        var before = await PlanAsync(key);
        if (how == "archived in the Dashboard")
            await ArchiveInStripeAsync(before);
        else
            await PointPlanAtAsync(key, OtherAccountsProduct, OtherAccountsPrice);

        var reader = await app.RegisterAndSignInAsync();
        var checkout = await reader.StartCheckoutAsync(key);

        var after = await PlanAsync(key);
        Assert.NotEqual(OtherAccountsPrice, after.StripePriceId);
        // Archived: a new price; of another account: the plan's own price in this one, found by its lookup key.
        Assert.Equal(how == "archived in the Dashboard", after.StripePriceId != before.StripePriceId);
        var sold = await app.Stripe.V1.Checkout.Sessions.LineItems.ListAsync(checkout.SessionId);
        Assert.Equal(after.StripePriceId, Assert.Single(sold.Data).Price.Id);
        Assert.True((await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard)).Paid);
        await app.SettleAsync();
        Assert.Equal(key, (await reader.MeAsync()).Entitlement.PlanKey);
    }

    [Fact]
    public async Task A_reader_whose_customer_was_deleted_while_its_webhook_was_lost_gets_a_new_one_at_checkout_and_pays()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        await reader.StartCheckoutAsync();
        var gone = (await app.ReaderAsync(readerId)).StripeCustomerId!;
        await DeleteCustomerUnnoticedAsync(gone);

        var checkout = await reader.StartCheckoutAsync();

        var customerId = (await app.Stripe.V1.Checkout.Sessions.GetAsync(checkout.SessionId)).CustomerId;
        Assert.NotEqual(gone, customerId);
        Assert.Equal(customerId, (await app.ReaderAsync(readerId)).StripeCustomerId);
        Assert.Contains(await app.HistoryOfAsync(readerId), h => h.Change == "customer" && h.From == gone && h.To == null);
        Assert.True((await EmulatorCheckout.PayAsync(checkout.Url, EmulatorCheckout.GoodCard)).Paid);
        await app.SettleAsync();
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task A_reader_whose_customer_Stripe_no_longer_knows_opens_the_billing_portal_with_a_new_one()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        await app.WithDbAsync(db => db.Users.Where(r => r.Id == readerId)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.StripeCustomerId, "cus_FromAnotherAccount")));

        var response = await reader.PostAsync(new Uri("/api/v1/me/portal", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var customerId = (await app.ReaderAsync(readerId)).StripeCustomerId!;
        Assert.NotEqual("cus_FromAnotherAccount", customerId);
        Assert.Equal(readerId.ToString(), (await app.Stripe.V1.Customers.GetAsync(customerId)).Metadata["reader_id"]);
    }

    [Theory]
    [InlineData("archived in the Dashboard")]
    [InlineData("of another Stripe account")]
    public async Task An_admin_price_change_works_when_the_plan_s_product_is_gone(string how)
    {
        var key = await NewPlanAsync();
        var before = await PlanAsync(key);
        if (how == "archived in the Dashboard")
            await app.Stripe.V1.Products.UpdateAsync(before.StripeProductId, new ProductUpdateOptions { Active = false });
        else
            await PointPlanAtAsync(key, OtherAccountsProduct, OtherAccountsPrice);
        var admin = await app.AdminAsync();

        var response = await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { amount = 900, name = "Dearer plan" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await PlanAsync(key);
        Assert.NotEqual(before.StripeProductId, after.StripeProductId);
        var product = await app.Stripe.V1.Products.GetAsync(after.StripeProductId);
        var price = await app.Stripe.V1.Prices.GetAsync(after.StripePriceId);
        Assert.Equal((true, "Dearer plan"), (product.Active, product.Name));
        Assert.Equal((product.Id, 900L, key, true), (price.ProductId, price.UnitAmount!.Value, price.LookupKey, price.Active));
        Assert.True((await app.Stripe.V1.Prices.GetAsync(before.StripePriceId)).Active); // subscribers keep the old price
        await AssertBuysAsync(key, price.Id);
    }

    private async Task<string> NewPlanAsync()
    {
        var key = $"heal-{Guid.NewGuid():N}"[..20];
        var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/plans", new { key, name = "Healing plan", amount = 700, currency = "usd", interval = "month" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return key;
    }

    private Task<Plan> PlanAsync(string key) => app.WithDbAsync(db => db.Plans.AsNoTracking().SingleAsync(p => p.Key == key));

    /// <summary>What an operator does in the Dashboard to stop selling something: archive the price and its product.</summary>
    private async Task ArchiveInStripeAsync(Plan plan)
    {
        await app.Stripe.V1.Prices.UpdateAsync(plan.StripePriceId, new PriceUpdateOptions { Active = false });
        await app.Stripe.V1.Products.UpdateAsync(plan.StripeProductId, new ProductUpdateOptions { Active = false });
    }

    /// <summary>Ids this Stripe account never had: the database kept them from other keys, or from an emulator since restarted.</summary>
    private Task<int> PointPlanAtAsync(string key, string productId, string priceId) =>
        app.WithDbAsync(db => db.Plans.Where(p => p.Key == key).ExecuteUpdateAsync(set => set
            .SetProperty(p => p.StripeProductId, productId).SetProperty(p => p.StripePriceId, priceId)));

    private async Task DeleteCustomerUnnoticedAsync(string customerId)
    {
        app.Emulator.DropDeliveries = true;
        await app.Stripe.V1.Customers.DeleteAsync(customerId);
        app.Emulator.DropDeliveries = false;
    }

    private async Task AssertBuysAsync(string key, string priceId)
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync(key);
        Assert.Equal(key, (await reader.MeAsync()).Entitlement.PlanKey);
        Assert.Equal(priceId, Assert.Single(await app.SubscriptionsOfAsync(readerId)).StripePriceId);
    }
}
