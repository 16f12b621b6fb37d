using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Tests.Admin;

/// <summary>Plans against the Stripe emulator: products and prices are made, moved and kept as Stripe would.</summary>
public sealed class PlansInStripeTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    private static string NewKey() => $"plan-{Guid.NewGuid():N}"[..20];

    private async Task<HttpClient> CreatePlanAsync(string key, long amount = 500, string interval = "month")
    {
        var admin = await app.AdminAsync();
        var response = await admin.PostAsJsonAsync("/api/v1/admin/plans",
            new { key, name = "Ad-Free Test", description = "Test plan", amount, currency = "usd", interval, trialDays = 7 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return admin;
    }

    private Task<Web.Plans.Plan> PlanAsync(string key) => app.WithDbAsync(db => db.Plans.AsNoTracking().FirstAsync(p => p.Key == key));

    [Fact]
    public async Task Creating_a_plan_makes_its_Stripe_product_and_price_and_writes_one_audit_row()
    {
        var key = NewKey();

        await CreatePlanAsync(key, 700, "year");

        var plan = await PlanAsync(key);
        var price = await app.Stripe.V1.Prices.GetAsync(plan.StripePriceId);
        Assert.Equal((700L, "usd", "year", key, plan.StripeProductId), (price.UnitAmount!.Value, price.Currency, price.Recurring.Interval, price.LookupKey, price.ProductId));
        Assert.Equal("Ad-Free Test", (await app.Stripe.V1.Products.GetAsync(plan.StripeProductId)).Name);
        Assert.Equal(["plan.create"], await app.AuditActionsAsync(target: key));
        Assert.True(await app.WithDbAsync(db => db.Set<PlanPrice>().AnyAsync(p => p.StripePriceId == plan.StripePriceId && p.Amount == 700)));
    }

    [Fact]
    public async Task A_price_change_makes_a_new_price_for_new_subscribers_while_existing_ones_keep_theirs()
    {
        var key = NewKey();
        var admin = await CreatePlanAsync(key, 500);
        var oldPrice = (await PlanAsync(key)).StripePriceId!;
        var customer = await app.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = $"keeps-{Guid.NewGuid():N}@example.test" });
        var subscription = await app.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = oldPrice }],
            DefaultPaymentMethod = "pm_card_visa",
        });

        var response = await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { amount = 800 });

        var body = await AdminTestData.JsonAsync(response);
        var plan = await PlanAsync(key);
        Assert.Equal(800, body.GetProperty("amount").GetInt64());
        Assert.NotEqual(oldPrice, plan.StripePriceId);
        var prices = await app.Stripe.V1.Prices.ListAsync(new PriceListOptions { LookupKeys = [key] });
        var current = Assert.Single(prices.Data);
        Assert.Equal((plan.StripePriceId, 800L), (current.Id, current.UnitAmount!.Value));
        Assert.Equal(plan.StripeProductId, current.ProductId);
        var kept = await app.Stripe.V1.Subscriptions.GetAsync(subscription.Id);
        Assert.Equal(oldPrice, kept.Items.Data[0].Price.Id);
        Assert.Equal(500, kept.Items.Data[0].Price.UnitAmount);
        Assert.Equal(["plan.create", "plan.update"], await app.AuditActionsAsync(target: key));
        var known = await app.WithDbAsync(db => db.Set<PlanPrice>().Where(p => p.PlanKey == key).OrderBy(p => p.Amount).Select(p => p.Amount).ToListAsync());
        Assert.Equal([500L, 800L], known);
    }

    [Fact]
    public async Task A_subscriber_on_the_old_price_counts_in_MRR_at_the_price_they_pay_and_an_admin_sync_is_audited()
    {
        var key = NewKey();
        var admin = await CreatePlanAsync(key, 500);
        var oldPrice = (await PlanAsync(key)).StripePriceId!;
        await app.SettleAsync();
        var before = await UsdMrrAsync(admin);
        var customer = await app.Stripe.V1.Customers.CreateAsync(new CustomerCreateOptions { Email = $"mrr-{Guid.NewGuid():N}@example.test" });
        var readerId = await app.AddReaderAsync(customer.Email, customerId: customer.Id);
        await app.Stripe.V1.Subscriptions.CreateAsync(new SubscriptionCreateOptions
        {
            Customer = customer.Id,
            Items = [new SubscriptionItemOptions { Price = oldPrice }],
            DefaultPaymentMethod = "pm_card_visa",
        });
        await app.SettleAsync();

        (await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { amount = 900 })).EnsureSuccessStatusCode();
        var synced = await AdminTestData.JsonAsync(await admin.PostAsync($"/api/v1/admin/readers/{readerId}/sync", null));

        Assert.Equal(1, synced.GetProperty("subscriptionsSynced").GetInt32());
        var local = await app.WithDbAsync(db => db.Subscriptions.AsNoTracking().SingleAsync(s => s.ReaderId == readerId));
        Assert.Equal((key, oldPrice, "active"), (local.PlanKey, local.StripePriceId, local.Status));
        Assert.Equal(before + 500, await UsdMrrAsync(admin));
        Assert.Equal(["reader.sync"], await app.AuditActionsAsync(readerId));
    }

    [Fact]
    public async Task Renaming_a_plan_renames_its_Stripe_product()
    {
        var key = NewKey();
        var admin = await CreatePlanAsync(key);

        (await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { name = "Ad-Free Deluxe" })).EnsureSuccessStatusCode();

        var plan = await PlanAsync(key);
        Assert.Equal("Ad-Free Deluxe", (await app.Stripe.V1.Products.GetAsync(plan.StripeProductId)).Name);
        Assert.Equal(["plan.create", "plan.update"], await app.AuditActionsAsync(target: key));
    }

    private static async Task<long> UsdMrrAsync(HttpClient admin)
    {
        var metrics = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/metrics"));
        return metrics.GetProperty("mrr").EnumerateArray().Where(m => m.GetProperty("currency").GetString() == "usd")
            .Select(m => m.GetProperty("amount").GetInt64()).SingleOrDefault();
    }
}
