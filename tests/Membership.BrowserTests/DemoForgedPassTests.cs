using Membership.Tests.Entitlements;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Membership.BrowserTests;

/// <summary>
/// An <c>adfree_pass</c> cookie the service did not sign, or that says what it may not, unlocks nothing: the snippet
/// verifies it in the browser and treats it as no pass. A pass the service's key did sign unlocks (so the test can fail).
/// </summary>
[Collection(DemoArticleGroup.Name)]
public sealed class DemoForgedPassTests(DemoArticleTests.App app, ITestOutputHelper output)
{
    public static TheoryData<string> Forgeries => ["alg none", "HS256 with the public key", "wrong key", "expired", "tampered", "wrong issuer"];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_pass_unlocks_nothing(string forgery)
    {
        var page = await app.NewPageAsync();
        var forger = await ForgerAsync(page);
        var readerId = Guid.NewGuid();
        var claims = forger.AdFreeClaims(readerId);
        var pass = forgery switch
        {
            "alg none" => forger.AlgNone(claims),
            "HS256 with the public key" => forger.Hs256WithPublicKey(claims),
            "wrong key" => forger.WrongKey(claims),
            "expired" => forger.SignedByService(PassForger.Claims(readerId, true, DateTimeOffset.UtcNow.AddHours(-2), DateTimeOffset.UtcNow.AddMinutes(-1), app.BaseUrl)),
            "tampered" => forger.Tampered(readerId),
            "wrong issuer" => forger.SignedByService(PassForger.Claims(readerId, true, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1), "https://attacker.example")),
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };
        await SetPassAsync(page, pass);
        var ads = AdOriginRequests.Watch(page, app.AdOrigin);

        Assert.False(await DemoReaders.ViewArticleAsync(page));

        await page.WaitForSelectorAsync("[data-consent-wall]");
        Assert.True(await page.Locator("[data-ad-slot]").First.IsVisibleAsync());
        Assert.True(await page.Locator("[data-go-ad-free]").First.IsVisibleAsync());
        Assert.NotEqual(0, ads.Count);
        Assert.False(await page.EvaluateAsync<bool>("window.membershipConsent.required === false"));
        output.WriteLine($"{forgery}: ad-free false, {ads.Count} requests to the ad origin, consent wall shown");
    }

    [Fact]
    public async Task A_pass_signed_by_the_service_unlocks_without_asking_it()
    {
        var page = await app.NewPageAsync();
        var forger = await ForgerAsync(page);
        await SetPassAsync(page, forger.SignedByService(forger.AdFreeClaims(Guid.NewGuid())));
        var ads = AdOriginRequests.Watch(page, app.AdOrigin);

        Assert.True(await DemoReaders.ViewArticleAsync(page));

        Assert.Equal(0, ads.Count);
        Assert.Equal(0, await page.Locator("[data-consent-wall]").CountAsync());
    }

    private async Task<PassForger> ForgerAsync(IPage page)
    {
        // Serving the snippet makes sure a signing key exists.
        Assert.True((await page.Context.APIRequest.GetAsync("/adfree.js")).Ok);
        return new PassForger(app.Services, app.BaseUrl);
    }

    private async Task SetPassAsync(IPage page, string pass) =>
        await page.Context.AddCookiesAsync([new Cookie { Name = "adfree_pass", Value = pass, Url = app.BaseUrl }]);
}
