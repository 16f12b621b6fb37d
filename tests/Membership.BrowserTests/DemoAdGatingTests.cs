using Membership.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Membership.BrowserTests;

/// <summary>
/// The demo article's ad, tracker and consent tags, counted as requests to the stand-in ad origin: everything loads for
/// a reader who is not ad-free, nothing at all for a member, on the first view after signing in and on later ones.
/// </summary>
[Collection(DemoArticleGroup.Name)]
public sealed class DemoAdGatingTests(DemoArticleTests.App app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_reader_who_is_not_ad_free_gets_the_ads_the_trackers_and_the_consent_wall()
    {
        var page = await app.NewPageAsync();
        var ads = AdOriginRequests.Watch(page, app.AdOrigin);

        Assert.False(await DemoReaders.ViewArticleAsync(page));
        await page.WaitForSelectorAsync("[data-ad-slot='article-top'] img");
        await page.FrameLocator("[data-ad-slot='article-bottom'] iframe").GetByText("Acme Sofas").WaitForAsync();

        var wall = page.GetByRole(AriaRole.Dialog, new() { Name = "Your choice: accept tracking, or go ad-free" });
        Assert.True(await wall.IsVisibleAsync());
        foreach (var loaded in new[] { "/cmp.js", "/tracker.js", "/ads.js", "/frame.html", "/creative.svg", "/pixel.gif?e=pageview", "/collect" })
            Assert.Contains(ads.Urls, url => url.Contains(loaded, StringComparison.Ordinal));
        Assert.True(await page.EvaluateAsync<bool>("window.membershipConsent.required === true && window.cmp_pur_loggedin === false"));
        output.WriteLine($"not ad-free: {ads.Count} requests to the ad origin");
        await BrowserApp.ScreenshotAsync(page, "demo-article-consent-wall");

        // The wall's own choice works, and the ads stay.
        await wall.GetByRole(AriaRole.Button, new() { Name = "Accept and continue" }).ClickAsync();
        Assert.Equal(0, await page.Locator("[data-consent-wall]").CountAsync());
    }

    [Fact]
    public async Task A_member_loads_nothing_from_the_ad_origin_on_the_first_view_after_signing_in_and_on_later_views()
    {
        var page = await app.NewPageAsync();
        var ads = AdOriginRequests.Watch(page, app.AdOrigin);
        var asked = new List<string>();
        page.Context.Request += (_, request) => asked.Add(request.Url);
        var readerId = await DemoReaders.SignInAsync(app, page, adFree: true);

        for (var view = 1; view <= 3; view++)
        {
            Assert.True(await DemoReaders.ViewArticleAsync(page), $"view {view}");
            Assert.Equal(0, await page.Locator("[data-consent-wall]").CountAsync());
            Assert.False(await page.Locator("[data-ad-slot]").First.IsVisibleAsync());
            Assert.Empty(ads.Urls);
            output.WriteLine($"member view {view}: {ads.Count} requests to the ad origin");
        }

        // Decided from the pass alone: the service was never asked.
        Assert.DoesNotContain(asked, url => url.Contains("/api/v1/me/entitlements", StringComparison.Ordinal));
        var entitlement = await page.EvaluateAsync<System.Text.Json.JsonElement>("window.membership.ready");
        Assert.True(entitlement.GetProperty("adFree").GetBoolean());
        Assert.Equal(readerId.ToString(), entitlement.GetProperty("readerId").GetString());
        await BrowserApp.ScreenshotAsync(page, "demo-article-member");
    }

    [Fact]
    public async Task For_a_member_consent_is_recorded_as_not_needed_for_every_consent_tool()
    {
        var page = await app.NewPageAsync();
        await page.AddInitScriptAsync("window._sp_ = { config: { accountId: 22, baseEndpoint: 'https://cdn.privacy-mgmt.com' } };");
        var readerId = await DemoReaders.SignInAsync(app, page, adFree: true);

        Assert.True(await DemoReaders.ViewArticleAsync(page));

        Assert.Equal("1", await DemoReaders.CookieAsync(page, "adfree"));
        Assert.True(await page.EvaluateAsync<bool>("window.membershipConsent.required === false && window.membershipConsent.reason === 'ad-free'"));
        Assert.True(await page.EvaluateAsync<bool>("window.cmp_pur_loggedin === true"));
        Assert.Equal(readerId.ToString(), await page.EvaluateAsync<string>("window._sp_.config.authId"));
        Assert.True(await page.EvaluateAsync<bool>("window._sp_.config.targetingParams.adFree === true"));
        var ping = await page.EvaluateAsync<System.Text.Json.JsonElement>("new Promise(r => __tcfapi('ping', 2, r))");
        Assert.Equal("disabled", ping.GetProperty("displayStatus").GetString());
        var tcData = await page.EvaluateAsync<string>(
            "new Promise(r => __tcfapi('addEventListener', 2, d => r(d.eventStatus + ' ' + Object.keys(d.purpose.consents).length + ' ' + Object.keys(d.vendor.consents).length)))");
        Assert.Equal("tcloaded 0 0", tcData); // loaded, and no consent to any purpose or vendor
    }
}
