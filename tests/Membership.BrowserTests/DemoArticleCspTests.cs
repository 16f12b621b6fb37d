using System.Collections.Concurrent;
using System.Net.Http.Json;
using Membership.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>
/// The sample article under its own strict Content-Security-Policy: styled as designed, and the snippet
/// hides ads and the banner without anything the policy refuses (it cannot count on a site allowing
/// inline styles either).
/// </summary>
[Collection(DemoArticleGroup.Name)]
public sealed class DemoArticleCspTests(DemoArticleTests.App app)
{
    private const string Password = "Correct-Horse-9";

    [Fact]
    public async Task Signed_out_the_article_is_styled_and_the_policy_refuses_nothing()
    {
        var (page, refused) = await WatchedPageAsync();

        await page.GotoAsync("/demo/article");
        await page.WaitForSelectorAsync("html[data-ad-free='false']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(refused);
        Assert.Contains("Georgia", await StyleAsync(page, "body", "fontFamily"), StringComparison.Ordinal);
        Assert.Equal("flex", await StyleAsync(page, "[data-ad-slot]", "display"));
        Assert.Equal("rgb(10, 110, 49)", await StyleAsync(page, "[data-go-ad-free]", "backgroundColor"));
        Assert.True(await page.Locator("[data-ad-slot]").First.IsVisibleAsync());
        Assert.True(await page.Locator("[data-go-ad-free]").First.IsVisibleAsync());
        await BrowserApp.ScreenshotAsync(page, "demo-article-csp-signed-out");
    }

    [Fact]
    public async Task Ad_free_the_snippet_hides_styled_ads_and_the_banner_and_the_policy_refuses_nothing()
    {
        var (page, refused) = await WatchedPageAsync();
        await AdFreeReaderAsync(page);

        await page.GotoAsync("/demo/article");
        await page.WaitForSelectorAsync("html[data-ad-free='true']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(refused);
        Assert.Contains("Georgia", await StyleAsync(page, "body", "fontFamily"), StringComparison.Ordinal);
        // The page's own rule shows ad slots as flex boxes; the snippet must win over it without a <style> element.
        foreach (var selector in new[] { "[data-ad-slot]", "[data-go-ad-free]" })
        {
            var elements = page.Locator(selector);
            Assert.Equal(2, await elements.CountAsync());
            Assert.False(await elements.Nth(0).IsVisibleAsync(), selector);
            Assert.False(await elements.Nth(1).IsVisibleAsync(), selector);
        }
        await BrowserApp.ScreenshotAsync(page, "demo-article-csp-ad-free");
    }

    [Fact]
    public async Task In_a_browser_without_constructed_stylesheets_the_snippet_still_hides_styled_ads()
    {
        var (page, refused) = await WatchedPageAsync();
        await page.AddInitScriptAsync(
            "Object.defineProperty(Document.prototype, 'adoptedStyleSheets', { get() { return []; }, set() { throw new TypeError('unsupported'); } });");
        await AdFreeReaderAsync(page);

        await page.GotoAsync("/demo/article");
        await page.WaitForSelectorAsync("html[data-ad-free='true']", new() { State = WaitForSelectorState.Attached });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

        Assert.Empty(refused);
        Assert.False(await page.Locator("[data-ad-slot]").Nth(0).IsVisibleAsync());
        Assert.False(await page.Locator("[data-ad-slot]").Nth(1).IsVisibleAsync());
        Assert.False(await page.Locator("[data-go-ad-free]").Nth(0).IsVisibleAsync());
    }

    /// <summary>A page whose every CSP refusal is recorded, from the console and from the DOM's own event.</summary>
    private async Task<(IPage Page, ConcurrentQueue<string> Refused)> WatchedPageAsync()
    {
        var page = await app.NewPageAsync();
        var refused = new ConcurrentQueue<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                refused.Enqueue(message.Text);
        };
        await page.ExposeFunctionAsync("reportRefusal", (string what) => refused.Enqueue(what));
        await page.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.reportRefusal(e.violatedDirective + ' ' + e.blockedURI));");
        return (page, refused);
    }

    private static Task<string> StyleAsync(IPage page, string selector, string property) =>
        page.EvaluateAsync<string>($"getComputedStyle(document.querySelector(\"{selector}\")).{property}");

    /// <summary>Registers and signs in through the page's browser context, and has the admin grant ad-free.</summary>
    private async Task AdFreeReaderAsync(IPage page)
    {
        var browser = page.Context.APIRequest;
        var email = $"reader-{Guid.NewGuid():N}@example.test";
        Assert.True((await browser.PostAsync("/api/v1/account/register", new() { DataObject = new { email, password = Password } })).Ok);
        Assert.True((await browser.PostAsync("/api/v1/account/login?useCookies=true", new() { DataObject = new { email, password = Password } })).Ok);
        var readerId = (await (await browser.GetAsync("/api/v1/me")).JsonAsync())!.Value.GetProperty("id").GetGuid();

        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };
        (await admin.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email = DemoArticleTests.App.AdminEmail, password = DemoArticleTests.App.AdminPassword }))
            .EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", reason = "csp test" })).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!(await (await browser.GetAsync("/api/v1/me/entitlements")).JsonAsync())!.Value.GetProperty("adFree").GetBoolean())
            Assert.True(DateTime.UtcNow < deadline, "The grant did not reach the reader's entitlement in time.");
    }
}
