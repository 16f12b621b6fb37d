using System.Net;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

/// <summary>
/// The Stripe-backed pages on their paths that need no Stripe. Stripe itself is unreachable here; the
/// journeys through Checkout are tested against the Stripe emulator.
/// </summary>
public sealed class SubscribePageTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task A_signed_out_reader_signs_in_first_and_comes_back_to_the_plan()
    {
        var email = await app.RegisterAsync();
        var browser = app.CreateBrowser();

        var response = await browser.GetAsync(new Uri("/subscribe/adfree-monthly", UriKind.Relative));

        response.AssertRedirect("/account/login?ReturnUrl=%2Fsubscribe%2Fadfree-monthly");
        var login = await browser.GetPageAsync(response.Headers.Location!.PathAndQuery);
        Assert.Equal("/account/register?returnUrl=%2Fsubscribe%2Fadfree-monthly", login.QuerySelector("main a[href^='/account/register']")!.GetAttribute("href"));
        var signedIn = await browser.SubmitAsync(response.Headers.Location!.PathAndQuery,
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Readers.Password });
        signedIn.AssertRedirect("/subscribe/adfree-monthly");
    }

    [Theory]
    [InlineData("no-such-plan")]
    [InlineData("a-plan-key-far-longer-than-any-plan-key-could-ever-be-in-this-service-at-all")]
    public async Task An_unknown_plan_is_a_404_page(string planKey)
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.GetAsync(new Uri($"/subscribe/{planKey}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("We could not find that plan", (await response.ReadPageAsync()).Heading());
    }

    [Fact]
    public async Task An_already_subscribed_reader_is_sent_to_their_account_with_a_message()
    {
        var email = await app.RegisterAsync();
        var plan = await app.AddPlanAsync();
        await app.AddSubscriptionAsync(await app.ReaderIdAsync(email), plan, "active", DateTimeOffset.UtcNow.AddDays(20));
        var browser = await app.SignedInBrowserAsync(email);

        var response = await browser.GetAsync(new Uri($"/subscribe/{plan}", UriKind.Relative));

        response.AssertRedirect("/account");
        Assert.Contains("already have a membership", (await browser.GetPageAsync("/account")).Flash(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plan_link_shows_the_plan_and_a_button_and_asks_nothing_of_Stripe()
    {
        var plan = await app.AddPlanAsync();
        var email = await app.RegisterAsync();
        var browser = await app.SignedInBrowserAsync(email);

        var response = await browser.GetAsync(new Uri($"/subscribe/{plan}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // Stripe is unreachable here: reading the page needs none of it
        var page = await response.ReadPageAsync();
        Assert.Equal("Ad-Free Monthly", page.Heading());
        Assert.Equal("Continue to payment", page.QuerySelector("main form[method=post] button")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector($"main form[method=post] input[name={PageForms.TokenField}]"));
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.StripeCustomerId).SingleAsync()));
    }

    [Fact]
    public async Task When_Stripe_is_unreachable_checkout_says_so_and_charges_nothing()
    {
        var plan = await app.AddPlanAsync();
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.SubmitAsync($"/subscribe/{plan}", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Checkout is unavailable", (await response.ReadPageAsync()).Heading());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?session_id=")]
    [InlineData("?session_id=pi_123")]
    [InlineData("?session_id=cs_test_%3Cscript%3E")]
    [InlineData("?session_id=cs_test_../../v1/customers")]
    public async Task The_success_page_refuses_what_is_not_a_checkout_session_id(string query)
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.GetAsync(new Uri("/subscribe/success" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("We could not find that checkout", (await response.ReadPageAsync()).Heading());
    }

    [Fact]
    public async Task The_success_page_keeps_checking_while_the_payment_cannot_be_confirmed()
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.GetAsync(new Uri("/subscribe/success?session_id=cs_test_a1B2c3", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.ReadPageAsync();
        Assert.Equal("We're confirming your payment", page.Heading());
        Assert.Equal("5", page.QuerySelector("meta[http-equiv=refresh]")?.GetAttribute("content"));
        Assert.Equal("/subscribe/success?session_id=cs_test_a1B2c3", page.QuerySelector("main a.button")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_success_page_shows_an_ad_free_reader_as_ad_free()
    {
        var email = await app.RegisterAsync();
        await app.AddGrantAsync(await app.ReaderIdAsync(email), until: null);
        var browser = await app.SignedInBrowserAsync(email);

        var page = await browser.GetPageAsync("/subscribe/success?session_id=cs_test_a1B2c3");

        Assert.Equal("You're ad-free", page.Heading());
        Assert.Null(page.QuerySelector("meta[http-equiv=refresh]"));
    }

    [Fact]
    public async Task Signed_out_the_success_page_asks_to_sign_in_and_comes_back()
    {
        var response = await app.CreateBrowser().GetAsync(new Uri("/subscribe/success?session_id=cs_test_a1B2c3", UriKind.Relative));

        response.AssertRedirect("/account/login?ReturnUrl=%2Fsubscribe%2Fsuccess%3Fsession_id%3Dcs_test_a1B2c3");
    }
}
