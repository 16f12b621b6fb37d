using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Entitlements;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Rights;

/// <summary>
/// A pause that means it: while Stripe's pause_collection is set the reader is not ad-free on any path (their own
/// entitlement, the site's lookup, the admin's reader page), and it comes back by itself at resumes_at (test clock)
/// or on demand.
/// </summary>
public sealed class PauseTests(RightsApp app) : IClassFixture<RightsApp>
{
    [Fact]
    public async Task A_paused_reader_sees_ads_everywhere_until_the_pause_ends_by_itself()
    {
        var clocked = await app.ClockedSubscriptionAsync(DateTimeOffset.UtcNow);
        var site = app.SiteClient();
        Assert.True(await SiteSaysAdFreeAsync(site, clocked.ReaderId));

        var response = await clocked.Reader.PostAsJsonAsync("/api/v1/me/subscription/pause", new { months = 1 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var resumesAt = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("resumesAt").GetDateTimeOffset();
        var me = await clocked.Reader.MeAsync();
        Assert.False(me.Entitlement.AdFree);
        Assert.Equal("paused", me.Entitlement.Status);
        await Eventually.UntilAsync(async () => !await SiteSaysAdFreeAsync(site, clocked.ReaderId), "the site to see the pause");
        var admin = await app.AdminAsync();
        Assert.Contains("paused until", await admin.GetStringAsync($"/admin/readers/{clocked.ReaderId}"), StringComparison.Ordinal);
        var subscription = Assert.Single(await app.SubscriptionsOfAsync(clocked.ReaderId));
        Assert.True(subscription.CollectionPaused);
        Assert.Equal("active", subscription.Status);
        Assert.Contains(await app.HistoryOfAsync(clocked.ReaderId), h => h.Change == "pause" && h.To!.StartsWith("paused until", StringComparison.Ordinal));

        // Stripe resumes collection at resumes_at by itself (customer.subscription.updated); the service follows.
        await app.AdvanceAsync(clocked, resumesAt.AddHours(1));

        await Eventually.UntilAsync(async () => (await clocked.Reader.MeAsync()).Entitlement.AdFree, "the reader to be ad-free again");
        Assert.False(Assert.Single(await app.SubscriptionsOfAsync(clocked.ReaderId)).CollectionPaused);
        await Eventually.UntilAsync(() => SiteSaysAdFreeAsync(site, clocked.ReaderId), "the site to see the resume");
        Assert.Equal("active", (await clocked.Reader.MeAsync()).Entitlement.Status);
    }

    [Fact]
    public async Task Resuming_on_demand_gives_ad_free_back_at_once()
    {
        var (reader, readerId, _) = await app.SubscribedReaderAsync();
        Assert.Equal(HttpStatusCode.OK, (await reader.PostAsJsonAsync("/api/v1/me/subscription/pause", new { months = 3 })).StatusCode);
        Assert.False((await reader.MeAsync()).Entitlement.AdFree);

        Assert.Equal(HttpStatusCode.NoContent, (await reader.PostAsync("/api/v1/me/subscription/unpause", null)).StatusCode);

        Assert.True((await reader.MeAsync()).Entitlement.AdFree);
        Assert.False(Assert.Single(await app.SubscriptionsOfAsync(readerId)).CollectionPaused);
    }

    [Fact]
    public async Task The_pause_response_takes_the_browsers_ad_free_pass_away()
    {
        var (reader, _, _) = await app.SubscribedReaderAsync();

        var response = await reader.PostAsJsonAsync("/api/v1/me/subscription/pause", new { months = 1 });

        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("adfree_pass=;", StringComparison.Ordinal));
    }

    private static async Task<bool> SiteSaysAdFreeAsync(HttpClient site, Guid readerId) =>
        (await site.GetFromJsonAsync<JsonElement>($"/api/v1/entitlements/{readerId}")).GetProperty("adFree").GetBoolean();
}
