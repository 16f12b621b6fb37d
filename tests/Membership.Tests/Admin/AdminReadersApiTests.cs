using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Entitlements;

namespace Membership.Tests.Admin;

public sealed class AdminReadersApiTests(AdminApp app) : IClassFixture<AdminApp>
{
    private static List<string?> Emails(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("email").GetString()).ToList();

    [Fact]
    public async Task Search_by_email_prefix_is_case_insensitive_ordered_and_paged_with_a_cursor()
    {
        var tag = Guid.NewGuid().ToString("N")[..8];
        foreach (var i in new[] { 3, 1, 4, 2, 5 })
            await app.AddReaderAsync($"prefix{tag}-{i}@example.test");
        await app.AddReaderAsync($"other{tag}@example.test");
        var admin = await app.AdminAsync();

        var first = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/readers?query=PREFIX{tag}&limit=2"));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/readers?query=prefix{tag}&limit=2&cursor={cursor}"));
        var third = await AdminTestData.JsonAsync(await admin.GetAsync(
            $"/api/v1/admin/readers?query=prefix{tag}&limit=2&cursor={second.GetProperty("nextCursor").GetString()}"));

        Assert.Equal([$"prefix{tag}-1@example.test", $"prefix{tag}-2@example.test"], Emails(first));
        Assert.Equal([$"prefix{tag}-3@example.test", $"prefix{tag}-4@example.test"], Emails(second));
        Assert.Equal([$"prefix{tag}-5@example.test"], Emails(third));
        Assert.Equal(JsonValueKind.Null, third.GetProperty("nextCursor").ValueKind);
    }

    [Fact]
    public async Task Search_finds_a_reader_by_exact_email_or_by_id_with_status_and_plan()
    {
        var email = $"exact-{Guid.NewGuid():N}@example.test";
        var id = await app.AddReaderAsync(email, "Exact Reader", "cus_exact");
        await app.WithDbAsync(db =>
        {
            db.Subscriptions.Add(new MemberSubscription
            {
                StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
                ReaderId = id,
                StripeCustomerId = "cus_exact",
                PlanKey = "adfree-monthly",
                Status = "active",
                CreatedAt = app.Clock.GetUtcNow(),
                UpdatedAt = app.Clock.GetUtcNow(),
            });
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();

        var byEmail = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/readers?query={Uri.EscapeDataString(email.ToUpperInvariant())}"));
        var byId = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/readers?query={id}"));

        var found = Assert.Single(byEmail.GetProperty("items").EnumerateArray());
        Assert.Equal(id, found.GetProperty("id").GetGuid());
        Assert.Equal("active", found.GetProperty("status").GetString());
        Assert.Equal("adfree-monthly", found.GetProperty("planKey").GetString());
        Assert.Equal(id, Assert.Single(byId.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Bad_search_input_gets_a_400()
    {
        var admin = await app.AdminAsync();

        var badCursor = await admin.GetAsync("/api/v1/admin/readers?cursor=not-a-cursor");
        var badLimit = await admin.GetAsync("/api/v1/admin/readers?limit=5000");

        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
    }

    [Fact]
    public async Task The_profile_shows_subscriptions_grants_the_entitlement_and_no_dead_Stripe_link_against_the_emulator()
    {
        var id = await app.AddReaderAsync($"profile-{Guid.NewGuid():N}@example.test", customerId: $"cus_{Guid.NewGuid():N}");
        var admin = await app.AdminAsync();
        (await admin.PostAsJsonAsync($"/api/v1/admin/readers/{id}/grants", new { feature = "ad_free", reason = "Press partner" })).EnsureSuccessStatusCode();

        var profile = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/readers/{id}"));

        Assert.True(profile.GetProperty("entitlement").GetProperty("adFree").GetBoolean());
        Assert.Equal("complimentary", profile.GetProperty("entitlement").GetProperty("source").GetString());
        Assert.Contains(profile.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.Contains("Complimentary ad_free for good", StringComparison.Ordinal));
        Assert.Equal("Press partner", Assert.Single(profile.GetProperty("grants").EnumerateArray()).GetProperty("reason").GetString());
        Assert.StartsWith("cus_", profile.GetProperty("stripeCustomerId").GetString(), StringComparison.Ordinal);
        // The test host talks to the emulator: Stripe's Dashboard would not know its ids.
        Assert.Equal(JsonValueKind.Null, profile.GetProperty("stripeDashboardUrl").ValueKind);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/admin/readers/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task Explain_merges_subscription_changes_events_grants_and_audit_newest_first()
    {
        var id = await app.AddReaderAsync($"explain-{Guid.NewGuid():N}@example.test");
        var now = app.Clock.GetUtcNow();
        await app.WithDbAsync(db =>
        {
            db.SubscriptionHistory.Add(new SubscriptionHistoryEntry
            {
                ReaderId = id,
                StripeSubscriptionId = "sub_explain",
                Change = "status",
                From = "active",
                To = "canceled",
                Cause = "webhook evt_1 customer.subscription.deleted",
                OccurredAt = now.AddDays(-3),
            });
            db.StripeEvents.Add(new StripeEventRecord
            {
                Id = $"evt_{Guid.NewGuid():N}",
                Type = "customer.subscription.deleted",
                Payload = "{}",
                ReceivedAt = now.AddDays(-3).AddSeconds(-1),
                Status = StripeEventStatus.Processed,
                Attempts = 1,
                ReaderId = id,
            });
            db.Grants.Add(new ComplimentaryGrant
            {
                Id = Guid.NewGuid(),
                ReaderId = id,
                Feature = "ad_free",
                StartsAt = now.AddDays(-10),
                Until = now.AddDays(-5),
                Reason = "Trial for press",
                CreatedAt = now.AddDays(-10),
            });
            return db.SaveChangesAsync();
        });
        var admin = await app.AdminAsync();
        (await admin.PostAsJsonAsync($"/api/v1/admin/readers/{id}/grants", new { reason = "Apology" })).EnsureSuccessStatusCode();

        var explained = await AdminTestData.JsonAsync(await admin.GetAsync($"/api/v1/admin/readers/{id}/explain"));

        Assert.True(explained.GetProperty("entitlement").GetProperty("adFree").GetBoolean());
        var timeline = explained.GetProperty("timeline").EnumerateArray().ToList();
        var kinds = timeline.Select(t => t.GetProperty("kind").GetString()).ToList();
        Assert.Equal(["grant", "audit", "subscription", "stripe_event", "grant", "grant"], kinds);
        var times = timeline.Select(t => t.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Contains("expired", timeline[4].GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/admin/readers/{Guid.NewGuid()}/explain")).StatusCode);
    }
}
