using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Plans;

namespace Membership.Tests.Admin;

/// <summary>Members and a plan's subscribers are readers, not subscriptions. A fixture of its own: the numbers are global.</summary>
public sealed class MemberCountTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Fact]
    public async Task A_reader_with_two_live_subscriptions_is_one_member_and_one_subscriber_but_pays_twice()
    {
        var twice = await app.AddReaderAsync($"twice-{Guid.NewGuid():N}@example.test");
        var once = await app.AddReaderAsync($"once-{Guid.NewGuid():N}@example.test");
        var gone = await app.AddReaderAsync($"gone-{Guid.NewGuid():N}@example.test");
        await app.WithDbAsync(db =>
        {
            var now = app.Clock.GetUtcNow();
            db.Plans.Add(new Plan { Key = "count-plan", Name = "Count", Amount = 500, StripePriceId = "price_count", CreatedAt = now, UpdatedAt = now });
            Subscription(db, twice, "active");
            Subscription(db, twice, "past_due");   // a second, live one (e.g. bought twice by mistake)
            Subscription(db, once, "trialing");
            Subscription(db, gone, "canceled");
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();

        var metrics = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/metrics"));
        var listed = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/plans"));
        var plan = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/plans/count-plan"));
        var page = await admin.GetStringAsync("/admin/plans");

        Assert.Equal(2, metrics.GetProperty("members").GetInt64());
        var byStatus = metrics.GetProperty("subscriptionsByStatus").EnumerateArray()
            .ToDictionary(s => s.GetProperty("status").GetString()!, s => s.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["active"] = 1, ["past_due"] = 1, ["trialing"] = 1, ["canceled"] = 1 }, byStatus);
        var mrr = Assert.Single(metrics.GetProperty("mrr").EnumerateArray());
        Assert.Equal((1000L, 2L), (mrr.GetProperty("amount").GetInt64(), mrr.GetProperty("subscriptions").GetInt64()));
        Assert.Equal(2, listed.EnumerateArray().Single(p => p.GetProperty("key").GetString() == "count-plan").GetProperty("subscribers").GetInt32());
        Assert.Equal(2, plan.GetProperty("subscribers").GetInt32());
        Assert.Contains("Subscribers are readers", page, StringComparison.Ordinal);
    }

    private void Subscription(Web.Data.MembershipDbContext db, Guid readerId, string status) =>
        db.Subscriptions.Add(new MemberSubscription
        {
            StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
            ReaderId = readerId,
            StripeCustomerId = $"cus_{readerId:N}",
            PlanKey = "count-plan",
            StripePriceId = "price_count",
            Status = status,
            CurrentPeriodEnd = app.Clock.GetUtcNow().AddDays(20),
            CreatedAt = app.Clock.GetUtcNow(),
            UpdatedAt = app.Clock.GetUtcNow(),
        });
}
