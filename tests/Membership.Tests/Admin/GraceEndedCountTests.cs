using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Plans;

namespace Membership.Tests.Admin;

/// <summary>
/// What an admin sees of a reader whose payment failed: within grace a member and a plan subscriber, "past due,
/// in grace until …"; once grace has ended neither (as the policy has it), and "ended" in the reader list. A
/// fixture of its own: the dashboard's numbers are global.
/// </summary>
public sealed class GraceEndedCountTests(AdminApp app) : IClassFixture<AdminApp>
{
    [Fact]
    public async Task A_past_due_reader_whose_grace_ended_is_not_counted_and_the_lists_say_so_in_words()
    {
        var now = app.Clock.GetUtcNow();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var inGrace = await app.AddReaderAsync($"grace-{tag}-1@example.test");
        var graceEnded = await app.AddReaderAsync($"grace-{tag}-2@example.test");
        var cancelling = await app.AddReaderAsync($"grace-{tag}-3@example.test");
        var paused = await app.AddReaderAsync($"grace-{tag}-4@example.test");
        await app.WithDbAsync(db =>
        {
            db.Plans.Add(new Plan { Key = "grace-plan", Name = "Grace", Amount = 500, StripePriceId = "price_grace", CreatedAt = now, UpdatedAt = now });
            Subscription(db, inGrace, "past_due", s => s.FirstFailedPaymentAt = now.AddDays(-2));
            Subscription(db, graceEnded, "past_due", s => s.FirstFailedPaymentAt = now.AddDays(-8)); // grace is 7 days
            Subscription(db, cancelling, "active", s => s.CancelAtPeriodEnd = true);
            Subscription(db, paused, "active", s => (s.CollectionPaused, s.PauseResumesAt) = (true, now.AddDays(30)));
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();

        var metrics = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/metrics"));
        var plan = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/plans/grace-plan"));
        var plansPage = await admin.GetStringAsync("/admin/plans");
        var dashboard = await admin.GetStringAsync("/admin");
        var readersPage = await admin.GetStringAsync($"/admin/readers?query=grace-{tag}");
        var readers = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/readers?query=grace-{tag}"));

        // In grace and cancelling (until the period ends) grant access; grace ended and paused do not.
        Assert.Equal(2, metrics.GetProperty("members").GetInt64());
        Assert.Equal(2, plan.GetProperty("subscribers").GetInt32());
        Assert.Matches(@"grace-plan</span></th>\s*<td>[^<]*</td>\s*<td class=""num"">[^<]*</td>\s*<td>[^<]*</td>\s*<td class=""num"">2</td>", plansPage);
        Assert.Matches(@"class=""figure"">2</span><span class=""caption"">members", dashboard);
        Assert.Equal(["past_due_in_grace", "ended", "cancelling", "paused"],
            readers.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("standing").GetString() ?? "").ToArray());
        Assert.Contains("past due, in grace until", readersPage, StringComparison.Ordinal);
        Assert.Contains("cancelling on ", readersPage, StringComparison.Ordinal);
        Assert.Contains("paused until ", readersPage, StringComparison.Ordinal);
        Assert.Contains(">ended ", readersPage, StringComparison.Ordinal);
        Assert.DoesNotContain(">past_due<", readersPage, StringComparison.Ordinal);
    }

    private void Subscription(Web.Data.MembershipDbContext db, Guid readerId, string status, Action<MemberSubscription> set)
    {
        var subscription = new MemberSubscription
        {
            StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
            ReaderId = readerId,
            StripeCustomerId = $"cus_{readerId:N}",
            PlanKey = "grace-plan",
            StripePriceId = "price_grace",
            Status = status,
            CurrentPeriodEnd = app.Clock.GetUtcNow().AddDays(20),
            CreatedAt = app.Clock.GetUtcNow(),
            UpdatedAt = app.Clock.GetUtcNow(),
        };
        set(subscription);
        db.Subscriptions.Add(subscription);
    }
}
