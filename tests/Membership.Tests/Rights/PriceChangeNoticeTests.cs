using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Rights;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Stripe;

namespace Membership.Tests.Rights;

/// <summary>
/// A plan's price changes; the admin chooses per change to move existing subscribers (after a mailed notice of
/// <c>PriceChangeNoticeDays</c>, 30, at their next renewal after it) or to keep them on their price. Stripe runs on a
/// test clock, the service on a clock the test moves.
/// </summary>
public sealed class PriceChangeNoticeTests(RightsApp app) : IClassFixture<RightsApp>
{
    [Fact]
    public async Task Moved_subscribers_are_noticed_once_keep_their_price_for_thirty_days_then_pay_the_new_one_from_the_next_renewal()
    {
        var admin = await app.AdminAsync();
        var planKey = await NewPlanAsync(admin, 500);
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddDays(-10), planKey);
        var email = (await clocked.Reader.MeAsync()).Email!;
        var oldPrice = (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single().StripePriceId;
        var newPrice = await ChangeAmountAsync(admin, planKey, 700);

        var decided = await admin.PostAsJsonAsync($"/api/v1/admin/plans/{planKey}/price-change", new { existingSubscribers = "move" });

        Assert.Equal(HttpStatusCode.OK, decided.StatusCode);
        using (var body = JsonDocument.Parse(await decided.Content.ReadAsStringAsync()))
        {
            Assert.Equal(30, body.RootElement.GetProperty("noticeDays").GetInt32());
            Assert.Equal(1, body.RootElement.GetProperty("subscribers").GetInt32());
            Assert.Equal(newPrice, body.RootElement.GetProperty("toPriceId").GetString());
        }
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Assert.Equal((1, 0), await RunAsync(time));
        Assert.Equal((0, 0), await RunAsync(time));
        var notice = await app.Mail.WaitForAsync(email, "price of your");
        Assert.Contains("from 5.00 EUR to 7.00 EUR", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("/cancel", notice.TextBody, StringComparison.Ordinal);
        var recorded = Assert.Single(await NoticesAsync(clocked.SubscriptionId));
        Assert.Equal($"{oldPrice}>{newPrice}", recorded.Subject);

        // The renewal inside the notice's 30 days is at the old price.
        await app.AdvanceAsync(clocked, (await app.PeriodEndAsync(clocked)).AddHours(2));
        Assert.Equal(500, await LatestRenewalAmountAsync(clocked));
        Assert.Equal((0, 0), await RunAsync(time));

        time.Advance(TimeSpan.FromDays(30));
        Assert.Equal((0, 1), await RunAsync(time));
        Assert.Equal((0, 0), await RunAsync(time));
        Assert.Equal(newPrice, (await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId)).Items.Data.Single().Price.Id);
        Assert.Equal(newPrice, (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single().StripePriceId);

        await app.AdvanceAsync(clocked, (await app.PeriodEndAsync(clocked)).AddHours(2));
        Assert.Equal(700, await LatestRenewalAmountAsync(clocked));
    }

    [Fact]
    public async Task Grandfathered_subscribers_get_no_notice_and_keep_their_price()
    {
        var admin = await app.AdminAsync();
        var planKey = await NewPlanAsync(admin, 500);
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow.AddDays(-10), planKey);
        var oldPrice = (await app.SubscriptionsOfAsync(clocked.ReaderId)).Single().StripePriceId;
        await ChangeAmountAsync(admin, planKey, 900);

        (await admin.PostAsJsonAsync($"/api/v1/admin/plans/{planKey}/price-change", new { existingSubscribers = "grandfather" })).EnsureSuccessStatusCode();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        Assert.Equal((0, 0), await RunAsync(time));
        time.Advance(TimeSpan.FromDays(60));
        Assert.Equal((0, 0), await RunAsync(time));

        Assert.Empty(await NoticesAsync(clocked.SubscriptionId));
        Assert.Equal(oldPrice, (await app.Stripe.V1.Subscriptions.GetAsync(clocked.SubscriptionId)).Items.Data.Single().Price.Id);
    }

    [Fact]
    public async Task A_choice_that_is_neither_move_nor_grandfather_or_a_plan_without_a_change_is_refused()
    {
        var admin = await app.AdminAsync();
        var planKey = await NewPlanAsync(admin, 500);

        var unchanged = await admin.PostAsJsonAsync($"/api/v1/admin/plans/{planKey}/price-change", new { existingSubscribers = "move" });
        await ChangeAmountAsync(admin, planKey, 600);
        var invalid = await admin.PostAsJsonAsync($"/api/v1/admin/plans/{planKey}/price-change", new { existingSubscribers = "later" });
        var missing = await admin.PostAsJsonAsync("/api/v1/admin/plans/no-such-plan/price-change", new { existingSubscribers = "move" });
        var reader = await app.RegisterAndSignInAsync();
        var forbidden = await reader.PostAsJsonAsync($"/api/v1/admin/plans/{planKey}/price-change", new { existingSubscribers = "move" });

        Assert.Equal(HttpStatusCode.Conflict, unchanged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal("application/problem+json", invalid.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(0, await app.WithDbAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM price_changes WHERE plan_key = {planKey}").SingleAsync()));
    }

    private static async Task<string> NewPlanAsync(HttpClient admin, long amount)
    {
        var key = $"pc-{Guid.NewGuid():N}"[..20];
        (await admin.PostAsJsonAsync("/api/v1/admin/plans", new { key, name = "Price Change Monthly", amount, currency = "eur", interval = "month" })).EnsureSuccessStatusCode();
        return key;
    }

    /// <summary>Changes the plan's amount as an admin does (with the plan's ETag when the API hands one out); returns the new Stripe price.</summary>
    private static async Task<string> ChangeAmountAsync(HttpClient admin, string planKey, long amount)
    {
        var current = await admin.GetAsync($"/api/v1/admin/plans/{planKey}");
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/admin/plans/{planKey}") { Content = JsonContent.Create(new { amount }) };
        if (current.Headers.ETag is { } etag)
            patch.Headers.IfMatch.Add(etag);
        var changed = await admin.SendAsync(patch);
        changed.EnsureSuccessStatusCode();
        using var body = JsonDocument.Parse(await changed.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("stripePriceId").GetString()!;
    }

    private async Task<(int Notices, int Moves)> RunAsync(TimeProvider time)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var notices = new PriceChangeNotices(services.GetRequiredService<NpgsqlDataSource>(), services.GetRequiredService<StripeClient>(),
            services.GetRequiredService<SubscriptionSync>(), services.GetRequiredService<RightsMail>(), time, NullLogger<PriceChangeNotices>.Instance);
        return await notices.RunDueAsync(CancellationToken.None);
    }

    private async Task<long> LatestRenewalAmountAsync(ClockedSubscription clocked)
    {
        var invoices = await app.Stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Subscription = clocked.SubscriptionId });
        return invoices.Data.Where(i => i.BillingReason == "subscription_cycle").OrderByDescending(i => i.Created).First().AmountPaid;
    }

    private Task<List<LegalNotice>> NoticesAsync(string subscriptionId) =>
        app.WithDbAsync(db => db.Set<LegalNotice>().AsNoTracking().Where(n => n.StripeSubscriptionId == subscriptionId && n.Kind == LegalNotice.PriceChange).ToListAsync());
}
