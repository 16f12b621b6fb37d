using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

/// <summary>The database side of plan administration. Stripe is unreachable here, which is itself tested.</summary>
public sealed class PlansAdminApiTests(AdminApp app) : IClassFixture<AdminApp>
{
    private async Task<string> AddPlanAsync(long amount = 500, string interval = "month")
    {
        var key = $"plan-{Guid.NewGuid():N}"[..20];
        await app.WithDbAsync(async db =>
        {
            db.Plans.Add(new Plan { Key = key, Name = "Test plan", Amount = amount, Interval = interval, CreatedAt = app.Clock.GetUtcNow(), UpdatedAt = app.Clock.GetUtcNow() });
            return await db.SaveChangesAsync();
        });
        return key;
    }

    private Task<Plan> PlanAsync(string key) => app.WithDbAsync(db => db.Plans.AsNoTracking().FirstAsync(p => p.Key == key));

    [Fact]
    public async Task The_list_shows_each_plan_with_its_subscribers()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();

        var plans = await AdminTestData.JsonAsync(await admin.GetAsync("/api/v1/admin/plans"));

        var plan = plans.EnumerateArray().Single(p => p.GetProperty("key").GetString() == key);
        Assert.Equal(500, plan.GetProperty("amount").GetInt64());
        Assert.Equal("month", plan.GetProperty("interval").GetString());
        Assert.Equal(0, plan.GetProperty("subscribers").GetInt32());
        Assert.False(plan.GetProperty("archived").GetBoolean());
    }

    [Fact]
    public async Task Renaming_and_changing_the_trial_saves_the_plan_and_writes_one_audit_row()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();

        var response = await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { name = "Ad-Free Plus", trialDays = 7, description = "More." });

        var body = await AdminTestData.JsonAsync(response);
        Assert.Equal("Ad-Free Plus", body.GetProperty("name").GetString());
        var plan = await PlanAsync(key);
        Assert.Equal(("Ad-Free Plus", 7, "More."), (plan.Name, plan.TrialDays, plan.Description));
        Assert.Equal(["plan.update"], await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task Archiving_stops_selling_the_plan_and_writes_one_audit_row()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();

        var response = await admin.PostAsync($"/api/v1/admin/plans/{key}/archive", null);
        var again = await admin.PostAsync($"/api/v1/admin/plans/{key}/archive", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await PlanAsync(key)).Archived);
        // Archiving an archived plan changes nothing, so it writes nothing.
        Assert.Equal(["plan.archive"], await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task Bad_plans_get_a_400_and_change_nothing()
    {
        var admin = await app.AdminAsync();
        var key = $"new-{Guid.NewGuid():N}"[..16];
        object[] bad =
        [
            new { key, name = "Negative", amount = -100, currency = "usd", interval = "month" },
            new { key, name = "Zero", amount = 0, currency = "usd", interval = "month" },
            new { key, name = "Weekly", amount = 100, currency = "usd", interval = "week" },
            new { key, name = "Dollars", amount = 100, currency = "dollars", interval = "month" },
            new { key, name = "Unknown currency", amount = 100, currency = "xyz", interval = "month" },
            new { key = "Bad Key!", name = "Key", amount = 100, currency = "usd", interval = "month" },
            new { key, name = "", amount = 100, currency = "usd", interval = "month" },
            new { key, name = "Long trial", amount = 100, currency = "usd", interval = "month", trialDays = 1000 },
            new { key, name = "Free beer", amount = 100, currency = "usd", interval = "month", features = new[] { "free_beer" } },
        ];

        foreach (var body in bad)
        {
            var response = await admin.PostAsJsonAsync("/api/v1/admin/plans", body);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        Assert.False(await app.WithDbAsync(db => db.Plans.AnyAsync(p => p.Key == key)));
        Assert.Empty(await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task A_duplicate_key_gets_a_409_and_changes_nothing()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();

        var response = await admin.PostAsJsonAsync("/api/v1/admin/plans", new { key, name = "Copy", amount = 900, currency = "usd", interval = "year" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var plan = await PlanAsync(key);
        Assert.Equal(("Test plan", 500L, "month"), (plan.Name, plan.Amount, plan.Interval));
        Assert.Empty(await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task Bad_changes_get_a_4xx_and_change_nothing()
    {
        var key = await AddPlanAsync();
        var admin = await app.AdminAsync();

        var negative = await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { amount = -5 });
        var interval = await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { interval = "fortnight", name = "Renamed" });
        var unknown = await admin.PatchAsJsonAsync("/api/v1/admin/plans/no-such-plan", new { name = "Ghost" });

        Assert.Equal(HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, interval.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var plan = await PlanAsync(key);
        Assert.Equal(("Test plan", 500L, "month"), (plan.Name, plan.Amount, plan.Interval));
        Assert.Empty(await app.AuditActionsAsync(target: key));
    }

    [Fact]
    public async Task When_Stripe_is_unreachable_creating_or_repricing_gets_a_503_with_Retry_After_and_changes_nothing()
    {
        var key = await AddPlanAsync();
        var newKey = $"new-{Guid.NewGuid():N}"[..16];
        var admin = await app.AdminAsync();

        var created = await admin.PostAsJsonAsync("/api/v1/admin/plans", new { key = newKey, name = "New", amount = 700, currency = "usd", interval = "month" });
        var repriced = await admin.PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { amount = 700, name = "Dearer" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, created.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, repriced.StatusCode);
        Assert.NotNull(created.Headers.RetryAfter?.Delta);
        Assert.False(await app.WithDbAsync(db => db.Plans.AnyAsync(p => p.Key == newKey)));
        var plan = await PlanAsync(key);
        Assert.Equal(("Test plan", 500L), (plan.Name, plan.Amount));
        Assert.Empty(await app.AuditActionsAsync(target: key));
        Assert.Empty(await app.AuditActionsAsync(target: newKey));
    }
}
