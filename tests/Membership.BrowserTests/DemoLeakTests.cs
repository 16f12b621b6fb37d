using Membership.BrowserTests.Infrastructure;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Membership.BrowserTests;

/// <summary>
/// Ad-leak telemetry end to end: the snippet on an ad-free reader's page reports what leaked when the page is left,
/// and the admin sees it per path and in "N leaks in M ad-free page views".
/// </summary>
[Collection(DemoArticleGroup.Name)]
public sealed class DemoLeakTests(DemoArticleTests.App app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_clean_member_view_and_a_leaking_one_are_counted_for_the_admin()
    {
        var page = await app.NewPageAsync();
        await DemoReaders.SignInAsync(app, page, adFree: true);
        // Each view reports under a path of its own, so other tests' views cannot change these counts.
        var cleanPath = $"/demo/clean-{Guid.NewGuid():N}";
        var leakPath = $"/demo/leak-{Guid.NewGuid():N}";

        Assert.True(await DemoReaders.ViewArticleAsync(page));
        await page.EvaluateAsync($"history.replaceState(null, '', '{cleanPath}')");
        Assert.True(await DemoReaders.ViewArticleAsync(page)); // leaving the page sends its report
        await page.EvaluateAsync($"history.replaceState(null, '', '{leakPath}')");
        // Ad tech the site forgot to mark: a slot shown and a pixel fetched from the ad host.
        await page.EvaluateAsync($$"""
            () => new Promise(done => {
              const slot = document.querySelector("[data-ad-slot]");
              slot.hidden = false;
              slot.style.setProperty("display", "flex", "important");
              const pixel = new Image();
              pixel.onload = pixel.onerror = () => done();
              pixel.src = "{{app.AdOrigin}}/pixel.gif?e=unmarked";
            })
            """);
        await page.GotoAsync("/account");

        using var admin = await DemoReaders.AdminAsync(app);
        var clean = await PathAsync(admin, cleanPath);
        var leak = await PathAsync(admin, leakPath);
        Assert.Equal((1, 0, 0, 0), clean);
        Assert.Equal((1, 1, 1, 0), leak);
        output.WriteLine($"clean view: {clean}; leaking view (views, slot, request, consent): {leak}");

        var adminPage = await app.NewPageAsync();
        await adminPage.GotoAsync("/account/login");
        await adminPage.GetByLabel("Email").FillAsync(DemoArticleTests.App.AdminEmail);
        await adminPage.GetByLabel("Password").FillAsync(DemoArticleTests.App.AdminPassword);
        await adminPage.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await adminPage.GotoAsync("/admin/leaks");
        var summary = System.Text.RegularExpressions.Regex.Replace(await adminPage.Locator("[data-leak-summary]").InnerTextAsync(), @"\s+", " ");
        Assert.Matches(@"\d+ leaks? in [\d,]+ ad-free page views", summary);
        var row = adminPage.Locator("[data-leaks-per-path] tr", new() { HasText = leakPath });
        Assert.Equal(["1", "2", "1", "1", "0"], (await row.Locator("td").AllInnerTextsAsync()).ToArray());
        output.WriteLine($"admin: {summary}");
        await BrowserApp.ScreenshotAsync(adminPage, "admin-leaks");
    }

    [Fact]
    public async Task A_consent_tool_that_shows_its_wall_to_a_member_is_a_consent_leak()
    {
        var page = await app.NewPageAsync();
        // A consent tool the site loads for everyone, unmarked, that shows its UI anyway (IAB TCF's cmpuishown).
        await page.AddInitScriptAsync("window.__tcfapi = (command, version, callback) => { if (command === 'addEventListener') callback({ eventStatus: 'cmpuishown' }, true); };");
        await DemoReaders.SignInAsync(app, page, adFree: true);
        var path = $"/demo/consent-{Guid.NewGuid():N}";

        Assert.True(await DemoReaders.ViewArticleAsync(page));
        await page.EvaluateAsync($"history.replaceState(null, '', '{path}')");
        await page.GotoAsync("/account");

        using var admin = await DemoReaders.AdminAsync(app);
        Assert.Equal((1, 0, 0, 1), await PathAsync(admin, path));
    }

    /// <summary>Polls the admin's JSON until the path's report is in (written a moment after it arrives).</summary>
    private static async Task<(long Views, long Slot, long Request, long Consent)> PathAsync(HttpClient admin, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var report = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/leaks?days=1");
            foreach (var row in report.GetProperty("paths").EnumerateArray())
            {
                if (row.GetProperty("path").GetString() != path)
                    continue;
                var t = row.GetProperty("totals");
                return (t.GetProperty("memberViews").GetInt64(), t.GetProperty("slotLeaks").GetInt64(),
                    t.GetProperty("requestLeaks").GetInt64(), t.GetProperty("consentLeaks").GetInt64());
            }
            Assert.True(DateTime.UtcNow < deadline, $"No report for {path} reached the admin in time.");
            await Task.Delay(100);
        }
    }
}
