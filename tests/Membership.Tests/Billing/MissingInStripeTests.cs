using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Billing;

/// <summary>
/// A live subscription Stripe answers "no such subscription" for (switched API keys, a Stripe account that
/// lost its data) is not dropped in silence: the scheduled sync counts and logs it, the reader's history
/// shows it to the admin once, an admin sync names it, and the reader keeps what they paid for meanwhile.
/// </summary>
public sealed class MissingInStripeTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    [Fact]
    public async Task The_scheduled_sync_reports_a_live_subscription_Stripe_does_not_know_and_keeps_it()
    {
        var (reader, readerId, subscriptionId) = await FromAnotherAccountAsync();
        var (_, paying, _) = await app.SubscribedReaderAsync();

        var first = await RunScheduledSyncAsync();
        var second = await RunScheduledSyncAsync();

        Assert.Equal([new MissingSubscription(readerId, subscriptionId)], first.MissingInStripe);
        Assert.Equal(first.MissingInStripe, second.MissingInStripe);
        Assert.DoesNotContain(first.MissingInStripe, m => m.ReaderId == paying);
        Assert.Equal(0, first.Failed);
        var reported = Assert.Single(await app.HistoryOfAsync(readerId), h => h.Change == "missing_in_stripe");
        Assert.Equal((subscriptionId, "active", "unknown to Stripe", "scheduled sync"), (reported.StripeSubscriptionId, reported.From, reported.To, reported.Cause));
        Assert.Equal("active", Assert.Single(await app.SubscriptionsOfAsync(readerId)).Status);
        Assert.True((await reader.MeAsync()).Entitlement.AdFree);

        var admin = await app.AdminAsync();
        var explained = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/admin/readers/{readerId}/explain");
        Assert.Contains(explained.GetProperty("timeline").EnumerateArray(),
            t => t.GetProperty("summary").GetString() == "missing_in_stripe: active → unknown to Stripe" && t.GetProperty("reference").GetString() == subscriptionId);
    }

    [Fact]
    public async Task An_admin_sync_names_the_live_subscriptions_Stripe_does_not_know()
    {
        var (_, readerId, subscriptionId) = await FromAnotherAccountAsync();
        var admin = await app.AdminAsync();

        var response = await admin.PostAsync(new Uri($"/api/v1/admin/readers/{readerId}/sync", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = await response.Content.ReadFromJsonAsync<SyncResult>();
        Assert.Equal(0, result!.SubscriptionsSynced);
        Assert.Equal([subscriptionId], result.MissingInStripe);
        Assert.Single(await app.HistoryOfAsync(readerId), h => h.Change == "missing_in_stripe" && h.Cause == "admin sync");
    }

    private async Task<SyncRunReport> RunScheduledSyncAsync() =>
        await app.Services.GetRequiredService<ScheduledSync>().RunOnceAsync(CancellationToken.None)
            ?? throw new InvalidOperationException("Another run holds the scheduled sync's lock.");

    /// <summary>A reader whose customer and paid subscription are in another Stripe account than the one the service now uses.</summary>
    private async Task<(HttpClient Reader, Guid ReaderId, string SubscriptionId)> FromAnotherAccountAsync()
    {
        var reader = await app.RegisterAndSignInAsync();
        var readerId = (await reader.MeAsync()).Id;
        var suffix = Guid.NewGuid().ToString("N")[..14];
        var subscriptionId = $"sub_{suffix}";
        var now = DateTimeOffset.UtcNow;
        await app.WithDbAsync(async db =>
        {
            await db.Users.Where(r => r.Id == readerId).ExecuteUpdateAsync(set => set.SetProperty(r => r.StripeCustomerId, $"cus_{suffix}"));
            db.Subscriptions.Add(new MemberSubscription
            {
                StripeSubscriptionId = subscriptionId,
                ReaderId = readerId,
                StripeCustomerId = $"cus_{suffix}",
                PlanKey = "adfree-monthly",
                Status = "active",
                CurrentPeriodEnd = now.AddDays(20),
                CreatedAt = now.AddDays(-10),
                UpdatedAt = now.AddDays(-10),
                StripeCreatedAt = now.AddDays(-10),
            });
            return await db.SaveChangesAsync();
        });
        return (reader, readerId, subscriptionId);
    }
}
