using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Admin;

/// <summary>A plan's features are part of its subscribers' entitlements: changing them must reach every instance's cache.</summary>
public sealed class PlanFeatureChangeTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task Taking_ad_free_from_a_plan_ends_its_cached_subscribers_ad_free_on_every_instance()
    {
        await using var other = new SecondInstance(app.Database.ConnectionString);
        var key = $"features-{Guid.NewGuid():N}"[..20];
        var readerId = await app.AddReaderAsync($"features-{Guid.NewGuid():N}@example.test");
        await SubscribeAsync(key, readerId);
        var site = app.SiteClient();
        var otherSite = other.SiteClient();
        // Asked once on each instance: from here on both answer from memory.
        Assert.True(await site.IsAdFreeAsync(readerId));
        Assert.True(await otherSite.IsAdFreeAsync(readerId));

        var response = await (await app.AdminAsync()).PatchAsJsonAsync($"/api/v1/admin/plans/{key}", new { features = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.UntilAsync(async () => !await site.IsAdFreeAsync(readerId), "the plan change is seen on this instance");
        await Eventually.UntilAsync(async () => !await otherSite.IsAdFreeAsync(readerId), "the plan change is seen on the other instance");
        var audited = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target == key).Select(a => a.Action).ToListAsync());
        Assert.Equal(["plan.update"], audited);
    }

    [Fact]
    public async Task A_new_plan_still_needs_a_feature()
    {
        var admin = await app.AdminAsync();
        var key = $"bare-{Guid.NewGuid():N}"[..16];

        var response = await admin.PostAsJsonAsync("/api/v1/admin/plans",
            new { key, name = "Bare", amount = 100, currency = "usd", interval = "month", features = Array.Empty<string>() });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Plans.AnyAsync(p => p.Key == key)));
    }

    private Task<int> SubscribeAsync(string planKey, Guid readerId) =>
        app.WithDbAsync(db =>
        {
            var now = DateTimeOffset.UtcNow;
            db.Plans.Add(new Plan { Key = planKey, Name = "Features", Amount = 500, Features = [PlanFeatures.AdFree], CreatedAt = now, UpdatedAt = now });
            db.Subscriptions.Add(new MemberSubscription
            {
                StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
                ReaderId = readerId,
                StripeCustomerId = $"cus_{readerId:N}",
                PlanKey = planKey,
                Status = "active",
                CurrentPeriodEnd = now.AddDays(30),
                CreatedAt = now,
                UpdatedAt = now,
            });
            return db.SaveChangesAsync();
        });
}
