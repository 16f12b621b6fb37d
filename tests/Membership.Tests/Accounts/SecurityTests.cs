using System.Net;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Accounts;

public sealed class SecurityTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/login")]
    [InlineData("/css/site.css")]
    [InlineData("/api/v1/me")]
    [InlineData("/healthz")]
    [InlineData("/no-such-page")]
    [InlineData("/api/v1/entitlements/6f1c2a8e-0000-4000-8000-000000000001")] // the hot path, which skips the middleware
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await app.CreateBrowser().GetAsync(new Uri(path, UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in new[] { "default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'" })
            Assert.Contains(directive, csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Form_posts_may_lead_only_to_this_service_the_site_origins_and_Stripe_hosted_pages()
    {
        var response = await app.CreateBrowser().GetAsync(new Uri("/account/login", UriKind.Relative));

        var formAction = response.Headers.GetValues("Content-Security-Policy").Single().Split(';').Select(d => d.Trim()).Single(d => d.StartsWith("form-action", StringComparison.Ordinal));
        Assert.Equal("form-action 'self' http://localhost https://news.example.com http://127.0.0.1:1", formAction);
    }

    [Fact]
    public async Task Only_the_API_reference_allows_inline_scripts()
    {
        var response = await app.CreateBrowser().GetAsync(new Uri("/docs", UriKind.Relative));

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self' 'unsafe-inline'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Theory]
    [InlineData("/account/register", "missing")]
    [InlineData("/account/register", "forged")]
    [InlineData("/account/register", "other-session")]
    [InlineData("/account/login", "forged")]
    [InlineData("/account/forgot-password", "forged")]
    public async Task A_signed_out_form_post_without_its_own_antiforgery_token_is_a_400_and_changes_nothing(string page, string token)
    {
        var email = AccountFixtures.NewEmail();
        var browser = app.CreateBrowser();
        await browser.GetAsync(new Uri(page, UriKind.Relative)); // the antiforgery cookie
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Input.Email", email), new("Input.Password", Readers.Password), new("Input.ConfirmPassword", Readers.Password),
        };
        if (token != "missing")
            fields.Add(new(PageForms.TokenField, token == "forged" ? "CfDJ8forged-token" : await app.CreateBrowser().AntiforgeryTokenAsync(page)));

        var response = await browser.PostFormAsync(page, fields);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await app.CountReadersAsync(email));
        await app.FlushMailAsync();
        Assert.Equal(0, await app.Mail.CountToAsync(email));
    }

    [Theory]
    [InlineData("/account/delete")]
    [InlineData("/account/password")]
    [InlineData("/account/profile")]
    [InlineData("/account/logout")]
    public async Task A_signed_in_form_post_with_a_forged_token_is_a_400_and_changes_nothing(string page)
    {
        var email = await app.RegisterAsync();
        var browser = await app.SignedInBrowserAsync(email);
        var before = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(r => r.Email == email)));

        var response = await browser.PostFormAsync(page, [
            new("Input.Password", Readers.Password), new("Input.CurrentPassword", Readers.Password),
            new("Input.NewPassword", "Brand-New-Secret-4"), new("Input.ConfirmPassword", "Brand-New-Secret-4"),
            new("Input.DisplayName", "Forged"), new(PageForms.TokenField, "CfDJ8forged-token"),
        ]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var after = await app.WithDbAsync(db => Task.FromResult(db.Users.Single(r => r.Email == email)));
        Assert.Equal((before.PasswordHash, before.DisplayName, before.SecurityStamp), (after.PasswordHash, after.DisplayName, after.SecurityStamp));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/account", UriKind.Relative))).StatusCode); // still signed in
    }

    [Fact]
    public async Task A_non_admin_asking_for_an_admin_page_gets_the_access_denied_page()
    {
        var browser = await app.SignedInBrowserAsync(await app.RegisterAsync());

        var response = await browser.GetAsync(new Uri("/account/access-denied", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("You do not have access to this page", (await response.ReadPageAsync()).Heading());
    }
}
