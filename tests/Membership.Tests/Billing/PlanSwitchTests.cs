using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Tests.Billing;

/// <summary>Switching plans: monthly to yearly now with Stripe's proration, yearly to monthly at the period end.</summary>
public sealed class PlanSwitchTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    private const string Change = "/api/v1/me/subscription/change";

    [Fact]
    public async Task Monthly_to_yearly_is_previewed_then_made_now_with_the_unused_month_credited()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-15);
        var clocked = await app.ClockedSubscriptionAsync(start);
        await app.AdvanceAsync(clocked, start.AddDays(15));

        var preview = await SwitchAsync(clocked.Reader, "adfree-yearly", preview: true);
        var unchanged = await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId);
        var made = await SwitchAsync(clocked.Reader, "adfree-yearly", preview: false);

        Assert.Equal(("adfree-monthly", "adfree-yearly", "now"), (preview.FromPlanKey, preview.PlanKey, preview.When));
        Assert.True(preview.Preview);
        Assert.InRange(preview.AmountDueNow, 5000 - 500 * 16 / 30, 5000 - 500 * 14 / 30);
        Assert.Contains(preview.Lines, l => l.Amount < 0);
        Assert.Equal((5000L, "usd"), (preview.NextChargeAmount, preview.Currency));
        Assert.Equal(preview.EffectiveAt.AddYears(1), preview.NextChargeAt);
        Assert.Equal("adfree-monthly", await PriceKeyAsync(unchanged.Items.Data[0].Price.Id));

        Assert.False(made.Preview);
        Assert.Equal(preview.AmountDueNow, made.AmountDueNow);
        Assert.Equal(made.EffectiveAt.AddYears(1), made.NextChargeAt);
        var local = (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single();
        Assert.Equal(("adfree-yearly", "active"), (local.PlanKey, local.Status));
        Assert.Equal(made.NextChargeAt, local.CurrentPeriodEnd);
        var invoices = await app.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = clocked.SubscriptionId });
        Assert.Contains(invoices, i => i.BillingReason == "subscription_update" && i.Status == "paid" && i.AmountPaid == made.AmountDueNow);
        Assert.Equal("adfree-yearly", (await clocked.Reader.MeAsync()).Entitlement.PlanKey);
    }

    [Fact]
    public async Task Yearly_to_monthly_waits_for_the_end_of_the_paid_year_then_renews_monthly()
    {
        var start = DateTimeOffset.UtcNow.AddDays(-20);
        var clocked = await app.ClockedSubscriptionAsync(start, "adfree-yearly");
        var yearEnd = await app.PeriodEndAsync(clocked);

        var preview = await SwitchAsync(clocked.Reader, "adfree-monthly", preview: true);
        var made = await SwitchAsync(clocked.Reader, "adfree-monthly", preview: false);
        var again = await clocked.Reader.PostAsJsonAsync(Change, new { planKey = "adfree-monthly", preview = false });
        var stillYearly = (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single();
        var invoicesBefore = (await app.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = clocked.SubscriptionId })).Count();

        Assert.Equal(("period_end", 0L, 500L), (preview.When, preview.AmountDueNow, preview.NextChargeAmount));
        Assert.Equal((yearEnd, yearEnd), (preview.EffectiveAt, preview.NextChargeAt));
        Assert.Equal((made.When, made.EffectiveAt, made.AmountDueNow), (preview.When, preview.EffectiveAt, preview.AmountDueNow));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // switching to the same pending plan again changes nothing new
        Assert.Equal(("adfree-yearly", yearEnd), (stillYearly.PlanKey, stillYearly.CurrentPeriodEnd));
        Assert.Equal(1, invoicesBefore);

        await app.AdvanceAsync(clocked, yearEnd.AddHours(2));

        var after = (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single();
        Assert.Equal(("adfree-monthly", "active", yearEnd.AddMonths(1)), (after.PlanKey, after.Status, after.CurrentPeriodEnd));
        var renewal = (await app.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = clocked.SubscriptionId })).First();
        Assert.Equal(("subscription_cycle", 500L), (renewal.BillingReason, renewal.AmountPaid));
    }

    [Fact]
    public async Task Asking_for_the_current_plan_again_calls_off_a_waiting_switch()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddDays(-3), "adfree-yearly");
        await SwitchAsync(clocked.Reader, "adfree-monthly", preview: false);

        var back = await SwitchAsync(clocked.Reader, "adfree-yearly", preview: false);

        Assert.Equal(0, back.AmountDueNow);
        var subscription = await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId);
        Assert.Null(subscription.ScheduleId);
        var same = await clocked.Reader.PostAsJsonAsync(Change, new { planKey = "adfree-yearly", preview = false });
        Assert.Equal(HttpStatusCode.Conflict, same.StatusCode);
    }

    [Theory]
    [InlineData("no-such-plan", HttpStatusCode.BadRequest)]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("adfree-monthly", HttpStatusCode.Conflict)]
    public async Task A_bad_or_same_plan_is_a_problem_and_changes_nothing(string planKey, HttpStatusCode expected)
    {
        var (reader, readerId, subscriptionId) = await app.SubscribedReaderAsync();
        var before = await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId);

        var response = await reader.PostAsJsonAsync(Change, new { planKey, preview = false });

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var after = await app.Stripe.V1.Subscriptions.GetAsync(subscriptionId);
        Assert.Equal((before.Items.Data[0].Price.Id, before.LatestInvoiceId, before.ScheduleId), (after.Items.Data[0].Price.Id, after.LatestInvoiceId, after.ScheduleId));
        Assert.Equal("adfree-monthly", (await app.SubscriptionsOfAsync(readerId)).Single().PlanKey);
    }

    [Fact]
    public async Task Without_a_subscription_or_signed_out_there_is_nothing_to_switch()
    {
        var reader = await app.RegisterAndSignInAsync();

        var none = await reader.PostAsJsonAsync(Change, new { planKey = "adfree-yearly", preview = true });
        var signedOut = await app.CreateClient().PostAsJsonAsync(Change, new { planKey = "adfree-yearly", preview = true });

        Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    private async Task<PlanSwitchResponse> SwitchAsync(HttpClient reader, string planKey, bool preview)
    {
        var response = await reader.PostAsJsonAsync(Change, new { planKey, preview });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await app.SettleAsync();
        return (await response.Content.ReadFromJsonAsync<PlanSwitchResponse>())!;
    }

    private Task<string> PriceKeyAsync(string priceId) =>
        app.WithDbAsync(db => db.Plans.Where(p => p.StripePriceId == priceId).Select(p => p.Key).SingleAsync());
}
