using System.Net;
using Membership.Tests.Accounts;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Tests.Billing;

/// <summary>GET /join?plan=&amp;return=: plan, email, pay, back on the article ad-free.</summary>
public sealed class JoinTests(StripeBackedApp app) : IClassFixture<StripeBackedApp>
{
    private HttpClient Browser() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task A_new_email_pays_and_lands_back_on_the_article_ad_free_with_the_pass()
    {
        var browser = Browser();
        var email = $"join-{Guid.NewGuid():N}@example.test";

        var joined = await browser.SubmitAsync("/join?plan=adfree-monthly&return=%2Fdemo%2Farticle", new Dictionary<string, string> { ["Email"] = email });
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        var paid = await EmulatorCheckout.PayAsync(joined.Headers.Location!.ToString(), EmulatorCheckout.GoodCard);
        Assert.True(paid.Paid);
        var success = await browser.GetAsync(new Uri(new Uri(paid.RedirectedTo!).PathAndQuery, UriKind.Relative));

        success.AssertRedirect("/demo/article");
        Assert.Contains(success.Headers.GetValues("Set-Cookie"), c => c.StartsWith("adfree_pass=", StringComparison.Ordinal));
        Assert.True((await browser.MeAsync()).Entitlement.AdFree);
    }

    [Fact]
    public async Task An_email_that_has_an_account_is_not_signed_in_by_typing_it_and_the_owner_gets_a_code()
    {
        var owner = await app.RegisterAndSignInAsync();
        var email = (await owner.MeAsync()).Email!;
        var stranger = Browser();

        var joined = await stranger.SubmitAsync("/join?plan=adfree-yearly&return=%2Fdemo%2Farticle", new Dictionary<string, string> { ["Email"] = email });

        Assert.StartsWith("/account/code?", joined.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("plan%3Dadfree-yearly", joined.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_return_address_off_the_site_origins_falls_back_to_the_account()
    {
        var page = await Browser().GetPageAsync("/join?plan=adfree-monthly&return=https%3A%2F%2Fevil.example%2F");

        Assert.Equal("/account/code?returnUrl=%2Fjoin%3Fplan%3Dadfree-monthly", page.QuerySelector("main a[href^='/account/code']")!.GetAttribute("href"));
    }
}
