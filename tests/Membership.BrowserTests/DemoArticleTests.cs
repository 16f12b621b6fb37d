using System.Net.Http.Json;
using System.Text.Json;
using Membership.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>The sample article page with nothing but the snippet: ads and the banner for everyone, neither for an ad-free reader.</summary>
[Collection(DemoArticleGroup.Name)]
public sealed class DemoArticleTests(DemoArticleTests.App app)
{
    /// <summary>The service with the demo's stand-in ad server on a free port of its own, and ad-leak counts written at once.</summary>
    public sealed class App : BrowserApp
    {
        public const string AdminEmail = "admin@example.test";
        public const string AdminPassword = "Admin-Password-123";

        public int AdPort { get; } = FreeLoopbackPort.Next();
        public string AdOrigin => $"http://127.0.0.1:{AdPort}";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
            ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
            ["Membership:DemoAdServer"] = "true",
            ["Membership:DemoAdPort"] = AdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AdLeaks:FlushInterval"] = "00:00:00.200",
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
        };
    }

    private const string Password = "Correct-Horse-9";

    [Fact]
    public async Task A_signed_out_visitor_sees_the_ads_and_the_go_ad_free_banner()
    {
        var page = await app.NewPageAsync();

        await page.GotoAsync("/demo/article");
        await page.WaitForSelectorAsync("html[data-ad-free='false']", new() { State = WaitForSelectorState.Attached });

        var slots = page.Locator("[data-ad-slot]");
        var banners = page.Locator("[data-go-ad-free]");
        Assert.Equal(2, await slots.CountAsync());
        Assert.True(await slots.Nth(0).IsVisibleAsync());
        Assert.True(await slots.Nth(1).IsVisibleAsync());
        Assert.Equal(2, await banners.CountAsync());
        var link = banners.First.GetByRole(AriaRole.Link).First;
        var article = Uri.EscapeDataString($"{app.BaseUrl}/demo/article");
        Assert.Equal("Support Example News - Go Ad-Free!", await link.InnerTextAsync());
        Assert.Equal($"{app.BaseUrl}/join?return={article}", await link.GetAttributeAsync("href"));
        var signIn = banners.First.GetByRole(AriaRole.Link, new() { Name = "Sign in" });
        Assert.Contains("Already a member?", await banners.First.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal($"{app.BaseUrl}/account/code?returnUrl={article}", await signIn.GetAttributeAsync("href"));
        Assert.True(await banners.Nth(1).IsVisibleAsync());
        await BrowserApp.ScreenshotAsync(page, "demo-article-signed-out");
    }

    [Fact]
    public async Task An_ad_free_reader_sees_no_ads_and_no_banner_and_the_page_asks_the_service_nothing()
    {
        var page = await app.NewPageAsync();
        var browser = page.Context.APIRequest;
        var email = $"reader-{Guid.NewGuid():N}@example.test";
        Assert.True((await browser.PostAsync("/api/v1/account/register", new() { DataObject = new { email, password = Password } })).Ok);
        Assert.True((await browser.PostAsync("/api/v1/account/login?useCookies=true", new() { DataObject = new { email, password = Password } })).Ok);
        var me = await (await browser.GetAsync("/api/v1/me")).JsonAsync();
        var readerId = me!.Value.GetProperty("id").GetGuid();
        await GrantAdFreeAsync(readerId);
        // Once the service knows, the reader's next call to it leaves an ad-free pass in the browser.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (!(await (await browser.GetAsync("/api/v1/me/entitlements")).JsonAsync())!.Value.GetProperty("adFree").GetBoolean())
            Assert.True(DateTime.UtcNow < deadline, "The grant did not reach the reader's entitlement in time.");

        var asked = new List<string>();
        page.Request += (_, request) => asked.Add(request.Url);
        await page.GotoAsync("/demo/article");
        await page.WaitForSelectorAsync("html[data-ad-free='true']", new() { State = WaitForSelectorState.Attached });

        Assert.False(await page.Locator("[data-ad-slot]").Nth(0).IsVisibleAsync());
        Assert.False(await page.Locator("[data-ad-slot]").Nth(1).IsVisibleAsync());
        Assert.False(await page.Locator("[data-go-ad-free]").Nth(0).IsVisibleAsync());
        Assert.False(await page.Locator("[data-go-ad-free]").Nth(1).IsVisibleAsync());
        Assert.Contains("adfree_pass=", await page.EvaluateAsync<string>("document.cookie"), StringComparison.Ordinal);
        Assert.Contains(asked, url => url.EndsWith("/adfree.js", StringComparison.Ordinal));
        Assert.DoesNotContain(asked, url => url.Contains("/api/v1/me/entitlements", StringComparison.Ordinal));
        await BrowserApp.ScreenshotAsync(page, "demo-article-ad-free");
    }

    [Fact]
    public async Task The_snippet_tells_the_ad_code_with_an_event()
    {
        var page = await app.NewPageAsync();
        await page.AddInitScriptAsync("document.addEventListener('membership:entitlement', e => { window.heard = e.detail; });");

        await page.GotoAsync("/demo/article");
        await page.WaitForFunctionAsync("() => window.heard !== undefined");

        Assert.False(await page.EvaluateAsync<bool>("window.heard.adFree"));
    }

    private async Task GrantAdFreeAsync(Guid readerId)
    {
        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };
        (await admin.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email = App.AdminEmail, password = App.AdminPassword })).EnsureSuccessStatusCode();
        var grant = await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", reason = "browser test" });
        Assert.Equal(System.Net.HttpStatusCode.Created, grant.StatusCode);
        Assert.Equal(readerId, (await grant.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("readerId").GetGuid());
    }
}
