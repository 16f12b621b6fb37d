using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Membership.Web.Entitlements;

namespace Membership.Tests.Entitlements;

/// <summary>Cached answers follow the clock: a period, grace or grant that ends needs no notification.</summary>
public sealed class TimeBoundaryTests(ClockedSiteApp app) : IClassFixture<ClockedSiteApp>
{
    [Fact]
    public async Task A_grant_that_ends_stops_making_the_reader_ad_free_at_its_end()
    {
        var (reader, readerId, _) = await app.NewReaderAsync();
        var until = app.Clock.GetUtcNow().AddHours(2);
        await (await app.AdminAsync()).GrantAdFreeAsync(readerId, until);
        var site = app.SiteClient();
        await Eventually.UntilAsync(() => site.IsAdFreeAsync(readerId), "the grant is seen");

        app.Clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.True(await site.IsAdFreeAsync(readerId));
        Assert.True((await reader.GetFromJsonAsync<JsonElement>("/api/v1/me/entitlements")).GetProperty("adFree").GetBoolean());

        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(await site.IsAdFreeAsync(readerId));
        Assert.False((await reader.GetFromJsonAsync<JsonElement>("/api/v1/me/entitlements")).GetProperty("adFree").GetBoolean());
    }

    [Fact]
    public async Task A_past_due_subscription_is_ad_free_through_its_grace_period_and_not_after()
    {
        var (_, readerId, _) = await app.NewReaderAsync();
        var failedAt = app.Clock.GetUtcNow().AddDays(-6);
        await app.WithDbAsync(async db =>
        {
            // The subscription's state as the sync would have written it after a failed renewal.
            db.Plans.Add(new Web.Plans.Plan { Key = $"plan-{Guid.NewGuid():N}"[..20], Name = "Monthly", Amount = 500, CreatedAt = failedAt, UpdatedAt = failedAt });
            await db.SaveChangesAsync();
            var plan = db.Plans.Local.Single();
            db.Subscriptions.Add(new MemberSubscription
            {
                StripeSubscriptionId = $"sub_{Guid.NewGuid():N}",
                ReaderId = readerId,
                StripeCustomerId = "cus_test",
                PlanKey = plan.Key,
                Status = "past_due",
                CurrentPeriodEnd = failedAt,
                FirstFailedPaymentAt = failedAt,
                CreatedAt = failedAt.AddMonths(-1),
                UpdatedAt = failedAt,
            });
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.SaveChangesAsync();
            await EntitlementChanges.NotifyAsync(db, readerId, CancellationToken.None);
            await transaction.CommitAsync();
            return true;
        });
        var site = app.SiteClient();
        await Eventually.UntilAsync(() => site.IsAdFreeAsync(readerId), "the subscription is seen");

        var (_, during) = await site.GetJsonAsync($"/api/v1/entitlements/{readerId}");
        Assert.True(during.GetProperty("adFree").GetBoolean());
        Assert.Equal("past_due", during.GetProperty("status").GetString());
        Assert.Equal(failedAt.AddDays(7), during.GetProperty("graceUntil").GetDateTimeOffset());

        app.Clock.Advance(TimeSpan.FromDays(1));
        var (_, after) = await site.GetJsonAsync($"/api/v1/entitlements/{readerId}");
        Assert.False(after.GetProperty("adFree").GetBoolean());
        Assert.Equal("past_due", after.GetProperty("status").GetString());
    }
}
