using Membership.BrowserTests.Infrastructure;
using Microsoft.Playwright;

namespace Membership.BrowserTests;

public sealed class HomePageTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task The_home_page_invites_readers_to_go_ad_free()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/");

        var heading = page.GetByRole(AriaRole.Heading, new() { Level = 1 });
        Assert.Equal("Support Example News - Go Ad-Free!", await heading.InnerTextAsync());
        await BrowserApp.ScreenshotAsync(page, "home");
    }
}
