using System.Collections.Concurrent;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

/// <summary>Readers for the demo tests: made and signed in through a page's own browser context, ad-free by an admin's grant.</summary>
internal static class DemoReaders
{
    public const string Password = "Correct-Horse-9";

    /// <summary>Registers a reader in the page's context; with <paramref name="adFree"/>, an admin grants ad-free before the reader signs in.</summary>
    public static async Task<Guid> SignInAsync(DemoArticleTests.App app, IPage page, bool adFree)
    {
        var browser = page.Context.APIRequest;
        var email = $"reader-{Guid.NewGuid():N}@example.test";
        Assert.True((await browser.PostAsync("/api/v1/account/register", new() { DataObject = new { email, password = Password } })).Ok);
        using var admin = await AdminAsync(app);
        var readerId = (await admin.GetFromJsonAsync<ReaderPage>($"/api/v1/admin/readers?query={Uri.EscapeDataString(email)}"))!.Items.Single().Id;
        if (adFree)
            (await admin.PostAsJsonAsync($"/api/v1/admin/readers/{readerId}/grants", new { feature = "ad_free", reason = "demo test" })).EnsureSuccessStatusCode();
        // Signing in is where the reader gets the pass: the first article view needs nothing more.
        Assert.True((await browser.PostAsync("/api/v1/account/login?useCookies=true", new() { DataObject = new { email, password = Password } })).Ok);
        return readerId;
    }

    public static async Task<HttpClient> AdminAsync(DemoArticleTests.App app)
    {
        var admin = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = new Uri(app.BaseUrl) };
        (await admin.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email = DemoArticleTests.App.AdminEmail, password = DemoArticleTests.App.AdminPassword }))
            .EnsureSuccessStatusCode();
        return admin;
    }

    /// <summary>Opens the article and waits for the snippet's decision and for the page's network to settle.</summary>
    public static async Task<bool> ViewArticleAsync(IPage page, string path = "/demo/article")
    {
        await page.GotoAsync(path);
        await page.WaitForSelectorAsync("html[data-ad-free]", new() { State = WaitForSelectorState.Attached });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        return await page.EvaluateAsync<string>("document.documentElement.dataset.adFree") == "true";
    }

    public static async Task<string?> CookieAsync(IPage page, string name) =>
        (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == name)?.Value;

    private sealed record ReaderPage(List<ReaderRow> Items);

    private sealed record ReaderRow(Guid Id);
}

/// <summary>Every request the browser context sends to the stand-in ad and tracker origin.</summary>
internal sealed class AdOriginRequests
{
    private readonly ConcurrentQueue<string> _urls = new();

    private AdOriginRequests(IBrowserContext context, string origin) =>
        context.Request += (_, request) =>
        {
            if (request.Url.StartsWith(origin + "/", StringComparison.Ordinal))
                _urls.Enqueue(request.Url);
        };

    public static AdOriginRequests Watch(IPage page, string origin) => new(page.Context, origin);

    public IReadOnlyList<string> Urls => [.. _urls];

    public int Count => _urls.Count;

    public void Clear() => _urls.Clear();
}
