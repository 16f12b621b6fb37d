using System.Net;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

public sealed class LoginPageTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static Dictionary<string, string> Credentials(string email, string password = Readers.Password) =>
        new() { ["Input.Email"] = email, ["Input.Password"] = password };

    [Fact]
    public async Task Signing_in_sets_a_safe_session_cookie_and_opens_the_account_page()
    {
        var email = await app.RegisterAsync();
        var browser = app.CreateBrowser();

        var response = await browser.SubmitAsync("/account/login", Credentials(email));

        response.AssertRedirect("/account");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie, StringComparison.OrdinalIgnoreCase); // plain http here; see the HTTPS test
        var account = await browser.GetPageAsync("/account");
        Assert.Equal("Your account", account.Heading());
        Assert.Contains(email, account.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Over_HTTPS_the_session_cookie_is_Secure()
    {
        var email = await app.RegisterAsync();
        var browser = app.CreateClient(new() { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

        var response = await browser.SubmitAsync("/account/login", Credentials(email));

        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_wrong_password_and_an_unknown_address_get_the_same_401_answer()
    {
        var email = await app.RegisterAsync();

        var wrongPassword = await app.CreateBrowser().SubmitAsync("/account/login", Credentials(email, "Wrong-Password-1"));
        var unknownAddress = await app.CreateBrowser().SubmitAsync("/account/login", Credentials(AccountFixtures.NewEmail()));

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownAddress.StatusCode);
        Assert.Equal((await wrongPassword.ReadPageAsync()).ErrorSummary(), (await unknownAddress.ReadPageAsync()).ErrorSummary());
        Assert.False(wrongPassword.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Five_wrong_passwords_never_lock_the_account_against_its_owner()
    {
        var email = await app.RegisterAsync();
        var attacker = app.CreateBrowser();
        attacker.DefaultRequestHeaders.Add(AccountsApp.ClientAddressHeader, AccountFixtures.SomeAddress());
        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.SubmitAsync("/account/login", Credentials(email, $"Wrong-Password-{i}"))).StatusCode);

        await app.SignedInBrowserAsync(email); // from the owner's own network

        Assert.Null(await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.LockoutEnd).SingleAsync()));
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("someone@example.test", "")]
    [InlineData("", Readers.Password)]
    [InlineData("10kB", Readers.Password)]
    public async Task Missing_or_overlong_credentials_are_a_400(string email, string password)
    {
        email = email == "10kB" ? new string('a', 10_000) + "@example.test" : email;

        var response = await app.CreateBrowser().SubmitAsync("/account/login", Credentials(email, password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ReadPageAsync()).ErrorSummary());
    }

    [Theory]
    [InlineData("//evil.example")]
    [InlineData("//evil.example/account")]
    [InlineData("https://evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("https://news.example.com.evil.example/")]
    [InlineData("https://news.example.com@evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("ftp://news.example.com/")]
    public async Task A_return_url_off_the_site_falls_back_to_the_account_page(string returnUrl)
    {
        var email = await app.RegisterAsync();
        var browser = app.CreateBrowser();

        var response = await browser.SubmitAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", Credentials(email));

        response.AssertRedirect("/account");
    }

    [Theory]
    [InlineData("/subscribe/adfree-monthly")]
    [InlineData("/account/profile?tab=1")]
    [InlineData("https://news.example.com/2026/11/a-story?ref=paywall")]
    [InlineData("http://localhost/account/password")]
    public async Task A_return_url_on_the_service_or_the_site_is_where_signing_in_leads(string returnUrl)
    {
        var email = await app.RegisterAsync();
        var browser = app.CreateBrowser();

        var response = await browser.SubmitAsync($"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}", Credentials(email));

        response.AssertRedirect(returnUrl);
    }

    [Fact]
    public async Task A_signed_in_reader_who_opens_the_sign_in_page_is_sent_on()
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.GetAsync(new Uri("/account/login?returnUrl=%2Faccount%2Fpassword", UriKind.Relative));

        response.AssertRedirect("/account/password");
    }

    [Fact]
    public async Task Signing_out_asks_first_and_then_ends_the_session()
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var confirm = await browser.GetPageAsync("/account/logout");
        Assert.Equal("Sign out", confirm.Heading());
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode); // GET changed nothing

        var response = await browser.SubmitAsync("/account/logout", new Dictionary<string, string>());

        response.AssertRedirect("/");
        (await browser.GetAsync(new Uri("/account", UriKind.Relative))).AssertRedirect("/account/login?ReturnUrl=%2Faccount");
        Assert.Equal("You are signed out.", (await browser.GetPageAsync("/")).Flash());
    }

    [Fact]
    public async Task The_sign_out_button_in_the_header_works_from_any_page()
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.SubmitAsync("/account", new Dictionary<string, string>(), "header form[method=post]");

        response.AssertRedirect("/");
        (await browser.GetAsync(new Uri("/account", UriKind.Relative))).AssertRedirect("/account/login?ReturnUrl=%2Faccount");
    }

    [Fact]
    public async Task Signing_out_to_a_foreign_return_url_lands_on_the_home_page()
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.SubmitAsync("/account/logout?returnUrl=https%3A%2F%2Fevil.example", new Dictionary<string, string>());

        response.AssertRedirect("/");
    }
}
