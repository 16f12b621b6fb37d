using Membership.Tests.Entitlements;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Membership.BrowserTests;

/// <summary>
/// A member never sees an ad paint and vanish: not with a valid pass (decided before anything loads), not when the pass
/// is missing or expired (ad slots kept from painting until the service answers), and the pass is renewed in the
/// background before it expires. Layout shift is measured with the browser's own layout-shift entries.
/// </summary>
[Collection(DemoArticleGroup.Name)]
public sealed class DemoLayoutTests(DemoArticleTests.App app, ITestOutputHelper output)
{
    /// <summary>Sums layout shifts and notes whether any ad slot was ever painted, every frame from the first.</summary>
    private const string Watcher = """
        window.__shift = 0; window.__adPainted = false;
        new PerformanceObserver(l => l.getEntries().forEach(e => { if (!e.hadRecentInput) window.__shift += e.value; }))
          .observe({ type: "layout-shift", buffered: true });
        (function frame() {
          document.querySelectorAll("[data-ad-slot]").forEach(s => {
            const box = s.getBoundingClientRect(), style = getComputedStyle(s);
            if (box.width > 0 && box.height > 0 && style.visibility !== "hidden" && style.display !== "none") window.__adPainted = true;
          });
          if (!document.documentElement.dataset.adFree) requestAnimationFrame(frame);
        })();
        """;

    [Theory]
    [InlineData("valid pass")]
    [InlineData("pass missing, flag cookie kept")]
    [InlineData("pass missing, no flag cookie")]
    [InlineData("pass expired")]
    public async Task A_member_never_sees_an_ad_paint(string state)
    {
        var page = await app.NewPageAsync();
        var readerId = await DemoReaders.SignInAsync(app, page, adFree: true);
        Assert.True(await DemoReaders.ViewArticleAsync(page)); // the browser as a returning member's: pass and flag cookie
        if (state.StartsWith("pass missing", StringComparison.Ordinal))
            await page.Context.ClearCookiesAsync(new() { Name = "adfree_pass" });
        if (state == "pass missing, no flag cookie")
            await page.Context.ClearCookiesAsync(new() { Name = "adfree" });
        if (state == "pass expired")
        {
            var expired = new PassForger(app.Services, app.BaseUrl).SignedByService(
                PassForger.Claims(readerId, true, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddSeconds(-5), app.BaseUrl));
            await page.Context.AddCookiesAsync([new Cookie { Name = "adfree_pass", Value = expired, Url = app.BaseUrl }]);
        }
        await page.AddInitScriptAsync(Watcher);
        var ads = AdOriginRequests.Watch(page, app.AdOrigin);

        Assert.True(await DemoReaders.ViewArticleAsync(page)); // decided, and the network idle since

        var shift = await page.EvaluateAsync<double>("window.__shift");
        output.WriteLine($"{state}: layout shift {shift:0.0000}, ad painted: {await page.EvaluateAsync<bool>("window.__adPainted")}, ad-origin requests: {ads.Count}");
        Assert.False(await page.EvaluateAsync<bool>("window.__adPainted"));
        Assert.Equal(0, ads.Count);
        // Asked the service when it had to, which left a fresh pass for the next page.
        var pass = await DemoReaders.CookieAsync(page, "adfree_pass");
        Assert.NotNull(pass);
        Assert.True(PassForger.Payload(pass).GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        if (state is "valid pass" or "pass missing, flag cookie kept")
            Assert.Equal(0, shift);
    }

    [Fact]
    public async Task A_pass_past_half_its_life_is_renewed_in_the_background_and_the_page_does_not_wait_for_it()
    {
        var page = await app.NewPageAsync();
        var readerId = await DemoReaders.SignInAsync(app, page, adFree: true);
        var forger = new PassForger(app.Services, app.BaseUrl);
        var aging = forger.SignedByService(PassForger.Claims(readerId, true, DateTimeOffset.UtcNow.AddMinutes(-40), DateTimeOffset.UtcNow.AddMinutes(20), app.BaseUrl));
        await page.Context.AddCookiesAsync([new Cookie { Name = "adfree_pass", Value = aging, Url = app.BaseUrl }]);

        Assert.True(await DemoReaders.ViewArticleAsync(page));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement renewed;
        while ((renewed = PassForger.Payload((await DemoReaders.CookieAsync(page, "adfree_pass"))!)).GetProperty("iat").GetInt64()
               < DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeSeconds())
        {
            Assert.True(DateTime.UtcNow < deadline, "The pass was not renewed.");
            await Task.Delay(100);
        }
        Assert.True(renewed.GetProperty("ad_free").GetBoolean());
        Assert.True(renewed.GetProperty("exp").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(50).ToUnixTimeSeconds());
    }
}
