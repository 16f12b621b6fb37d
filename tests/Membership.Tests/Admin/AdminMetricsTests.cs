using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.Plans;

namespace Membership.Tests.Admin;

/// <summary>The numbers against a dataset whose right answers are worked out by hand. One test: the numbers are global.</summary>
public sealed class AdminMetricsTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Fact]
    public async Task Metrics_count_members_MRR_new_churned_trials_and_complimentary_exactly()
    {
        var now = app.Clock.GetUtcNow();
        var readers = new List<Guid>();
        for (var i = 0; i < 8; i++)
            readers.Add(await app.AddReaderAsync($"metrics-{i}-{Guid.NewGuid():N}@example.test"));
        await app.WithDbAsync(db =>
        {
            db.Plans.AddRange(
                new Plan { Key = "m-plan", Name = "M", Amount = 500, Currency = "usd", Interval = "month", StripePriceId = "price_m" },
                new Plan { Key = "y-plan", Name = "Y", Amount = 6000, Currency = "usd", Interval = "year", StripePriceId = "price_y" },
                new Plan { Key = "e-plan", Name = "E", Amount = 900, Currency = "eur", Interval = "month", StripePriceId = "price_e" });
            // A subscriber from before the monthly price went up keeps paying 4.00.
            db.Set<PlanPrice>().Add(new PlanPrice { StripePriceId = "price_old_m", PlanKey = "m-plan", Amount = 400, Currency = "usd", Interval = "month" });
            Subscription(db, readers[0], "m-plan", "price_m", "active");          // 500
            Subscription(db, readers[1], "m-plan", "price_old_m", "active");      // 400 (its own, older price)
            Subscription(db, readers[2], "y-plan", "price_y", "past_due");        // 6000 / 12 = 500
            Subscription(db, readers[3], "m-plan", "price_m", "trialing");        // trials pay nothing yet
            Subscription(db, readers[4], "m-plan", "price_m", "canceled");
            Subscription(db, readers[5], "e-plan", "price_e", "active");          // 900 EUR
            Subscription(db, readers[6], "y-plan", "price_y", "active", cancelAtPeriodEnd: true); // paying until its period ends: 500
            Subscription(db, readers[7], "m-plan", "price_m", "incomplete");

            History(db, readers[0], null, "active", now);                 // new today
            History(db, readers[3], null, "trialing", now);               // new today, a trial starts
            History(db, readers[4], "active", "canceled", now.AddDays(-2));   // churned
            History(db, readers[1], "trialing", "active", now.AddDays(-2));   // converted: not new, not churned
            History(db, readers[7], null, "incomplete", now.AddDays(-10));    // not a member yet
            History(db, readers[5], "incomplete", "active", now.AddDays(-10)); // new
            History(db, readers[6], "trialing", "canceled", now.AddDays(-10)); // a lost trial: churned
            History(db, readers[2], "past_due", "active", now);           // recovered: neither
            History(db, readers[2], null, "active", now.AddDays(-89));    // new, on the first day shown
            History(db, readers[1], null, "active", now.AddDays(-95));    // before the 90 days

            Grant(db, readers[0], until: null, ended: null);
            Grant(db, readers[0], until: now.AddDays(3), ended: null);   // same reader: counted once
            Grant(db, readers[4], until: now.AddDays(30), ended: null);
            Grant(db, readers[5], until: now.AddDays(-1), ended: null);  // expired
            Grant(db, readers[6], until: null, ended: now.AddHours(-1)); // ended by an admin
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();

        var metrics = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/metrics"));

        var byStatus = metrics.GetProperty("subscriptionsByStatus").EnumerateArray()
            .ToDictionary(s => s.GetProperty("status").GetString()!, s => s.GetProperty("count").GetInt64());
        Assert.Equal(new Dictionary<string, long> { ["active"] = 4, ["past_due"] = 1, ["trialing"] = 1, ["canceled"] = 1, ["incomplete"] = 1 }, byStatus);
        Assert.Equal(6, metrics.GetProperty("members").GetInt64());
        var mrr = metrics.GetProperty("mrr").EnumerateArray()
            .Select(m => (m.GetProperty("currency").GetString(), m.GetProperty("amount").GetInt64(), m.GetProperty("subscriptions").GetInt64())).ToList();
        Assert.Equal([("eur", 900L, 1L), ("usd", 1900L, 4L)], mrr);

        var daily = metrics.GetProperty("daily").EnumerateArray().ToList();
        Assert.Equal(90, daily.Count);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        Assert.Equal(today, DateOnly.Parse(daily[^1].GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(today.AddDays(-89), DateOnly.Parse(daily[0].GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal((2, 0), Day(daily, 0));
        Assert.Equal((0, 1), Day(daily, 2));
        Assert.Equal((1, 1), Day(daily, 10));
        Assert.Equal((1, 0), Day(daily, 89));
        Assert.Equal(4, daily.Sum(d => d.GetProperty("new").GetInt64()));
        Assert.Equal(2, daily.Sum(d => d.GetProperty("churned").GetInt64()));

        var trials = metrics.GetProperty("trials");
        Assert.Equal((1, 1, 1, 1), (trials.GetProperty("started").GetInt64(), trials.GetProperty("converted").GetInt64(),
            trials.GetProperty("lost").GetInt64(), trials.GetProperty("trialingNow").GetInt64()));
        Assert.Equal(0.5, trials.GetProperty("conversionRate").GetDouble());
        Assert.Equal(2, metrics.GetProperty("complimentaryMembers").GetInt64());
    }

    private static (long New, long Churned) Day(List<JsonElement> daily, int daysAgo)
    {
        var day = daily[^(daysAgo + 1)];
        return (day.GetProperty("new").GetInt64(), day.GetProperty("churned").GetInt64());
    }

    private void Subscription(Web.Data.MembershipDbContext db, Guid readerId, string plan, string price, string status, bool cancelAtPeriodEnd = false) =>
        db.Subscriptions.Add(new MemberSubscription
        {
            StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
            ReaderId = readerId,
            StripeCustomerId = $"cus_{readerId:N}",
            PlanKey = plan,
            StripePriceId = price,
            Status = status,
            CancelAtPeriodEnd = cancelAtPeriodEnd,
            CreatedAt = app.Clock.GetUtcNow(),
            UpdatedAt = app.Clock.GetUtcNow(),
        });

    private static void History(Web.Data.MembershipDbContext db, Guid readerId, string? from, string to, DateTimeOffset at) =>
        db.SubscriptionHistory.Add(new SubscriptionHistoryEntry { ReaderId = readerId, Change = "status", From = from, To = to, Cause = "test", OccurredAt = at });

    private void Grant(Web.Data.MembershipDbContext db, Guid readerId, DateTimeOffset? until, DateTimeOffset? ended) =>
        db.Grants.Add(new ComplimentaryGrant
        {
            Id = Guid.NewGuid(),
            ReaderId = readerId,
            Feature = "ad_free",
            StartsAt = app.Clock.GetUtcNow().AddDays(-5),
            Until = until,
            EndedAt = ended,
            Reason = "test",
            CreatedAt = app.Clock.GetUtcNow().AddDays(-5),
        });
}
