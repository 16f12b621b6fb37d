using System.Net;
using System.Net.Http.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.WebUtilities;

namespace Membership.Tests.Accounts;

public sealed class PasswordResetTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private const string NewPassword = "Brand-New-Secret-4";

    private async Task<string> ResetLinkAsync(string email)
    {
        var sent = await app.CreateBrowser().SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email });
        sent.AssertRedirect("/account/forgot-password");
        return new Uri(MailFolder.Link(await app.Mail.WaitForAsync(email, "Reset your"), "/account/reset-password")).PathAndQuery;
    }

    private static Dictionary<string, string> NewPasswordForm(string email, string password = NewPassword, string? confirm = null) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.ConfirmPassword"] = confirm ?? password,
    };

    private Task<string?> PasswordHashAsync(string email) =>
        app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.PasswordHash).SingleAsync());

    [Fact]
    public async Task The_mailed_link_sets_a_new_password_once_and_the_old_one_stops_working()
    {
        var email = await app.RegisterAsync();
        var link = await ResetLinkAsync(email);

        var reset = await app.CreateBrowser().SubmitAsync(link, NewPasswordForm(email));

        reset.AssertRedirect("/account/login");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateBrowser().SubmitAsync("/account/login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = Readers.Password })).StatusCode);
        await app.SignedInBrowserAsync(email, NewPassword);

        var hash = await PasswordHashAsync(email);
        var reused = await app.CreateBrowser().SubmitAsync(link, NewPasswordForm(email, "Third-Password-5"));
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("not valid", (await reused.ReadPageAsync()).ErrorSummary().Single(), StringComparison.Ordinal);
        Assert.Equal(hash, await PasswordHashAsync(email));
    }

    [Fact]
    public async Task Unknown_and_unconfirmed_addresses_get_the_same_answer_and_no_mail()
    {
        var unconfirmed = await app.RegisterAsync(confirmed: false);
        var confirmed = await app.RegisterAsync();
        var unknown = AccountFixtures.NewEmail();
        var mailBefore = await app.Mail.CountToAsync(unconfirmed);

        var flashes = new List<string?>();
        foreach (var email in new[] { unconfirmed, unknown, confirmed })
        {
            var browser = app.CreateBrowser();
            (await browser.SubmitAsync("/account/forgot-password", new Dictionary<string, string> { ["Input.Email"] = email })).AssertRedirect("/account/forgot-password");
            flashes.Add((await browser.GetPageAsync("/account/forgot-password")).Flash()?.Replace(email, "ADDRESS", StringComparison.Ordinal));
        }

        Assert.Single(flashes.Distinct());
        await app.Mail.WaitForAsync(confirmed, "Reset your");
        await app.FlushMailAsync();
        Assert.Equal(mailBefore, await app.Mail.CountToAsync(unconfirmed));
        Assert.Equal(0, await app.Mail.CountToAsync(unknown));
    }

    [Fact]
    public async Task Neither_the_reset_code_nor_the_password_reaches_the_logs()
    {
        var email = await app.RegisterAsync();
        var link = await ResetLinkAsync(email);
        var code = QueryHelpers.ParseQuery(new Uri("http://x" + link).Query)["code"].ToString();

        (await app.CreateBrowser().SubmitAsync(link, NewPasswordForm(email))).AssertRedirect("/account/login");
        await app.SignedInBrowserAsync(email, NewPassword);

        Assert.Contains(app.Logs.Lines, line => line.Contains("Reset your", StringComparison.Ordinal)); // the mail was logged, by subject
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(code[..40], StringComparison.Ordinal));
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(NewPassword, StringComparison.Ordinal) || line.Contains(Readers.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resetting_the_password_lifts_a_lockout()
    {
        var email = await app.RegisterAsync();
        for (var i = 0; i < 5; i++)
            await app.CreateBrowser().SubmitAsync("/account/login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Wrong-Password-1" });

        (await app.CreateBrowser().SubmitAsync(await ResetLinkAsync(email), NewPasswordForm(email))).AssertRedirect("/account/login");

        await app.SignedInBrowserAsync(email, NewPassword);
    }

    [Theory]
    [InlineData("tampered", "", NewPassword)]
    [InlineData("not-base64!", "", NewPassword)]
    [InlineData("valid", "other-reader", NewPassword)]
    [InlineData("valid", "unknown", NewPassword)]
    [InlineData("valid", "", "weak")]
    [InlineData("valid", "", "")]
    public async Task A_bad_reset_is_a_400_and_leaves_the_password_alone(string code, string whose, string password)
    {
        var email = await app.RegisterAsync();
        var link = await ResetLinkAsync(email);
        var hash = await PasswordHashAsync(email);
        var realCode = QueryHelpers.ParseQuery(new Uri("http://x" + link).Query)["code"].ToString();
        var url = code switch
        {
            "tampered" => "/account/reset-password?code=" + realCode[..^4] + "AAAA",
            "not-base64!" => "/account/reset-password?code=%25%25%25",
            _ => link,
        };
        var target = whose switch
        {
            "other-reader" => await app.RegisterAsync(),
            "unknown" => AccountFixtures.NewEmail(),
            _ => email,
        };

        var response = await app.CreateBrowser().SubmitAsync(url, NewPasswordForm(target, password));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty((await response.ReadPageAsync()).ErrorSummary());
        Assert.Equal(hash, await PasswordHashAsync(email));
    }

    [Fact]
    public async Task The_reset_page_without_a_code_says_where_to_get_one()
    {
        var response = await app.CreateBrowser().GetAsync(new Uri("/account/reset-password", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadPageAsync()).QuerySelector("main a[href='/account/forgot-password']"));
    }

    [Fact]
    public async Task The_JSON_endpoints_mail_a_code_that_resets_the_password_once()
    {
        var email = await app.RegisterAsync();
        var client = app.CreateClient();

        var forgot = await client.PostAsJsonAsync("/api/v1/account/forgotPassword", new { email });
        var unknown = await client.PostAsJsonAsync("/api/v1/account/forgotPassword", new { email = AccountFixtures.NewEmail() });
        var mail = await app.Mail.WaitForAsync(email, "Reset your");
        var code = QueryHelpers.ParseQuery(new Uri(MailFolder.Link(mail, "/account/reset-password")).Query)["code"].ToString();
        Assert.Contains($"reset code instead: {code}", mail.TextBody, StringComparison.Ordinal);
        var reset = await client.PostAsJsonAsync("/api/v1/account/resetPassword", new { email, resetCode = code, newPassword = NewPassword });
        var reused = await client.PostAsJsonAsync("/api/v1/account/resetPassword", new { email, resetCode = code, newPassword = "Third-Password-5" });

        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        await client.SignInAsync(email, NewPassword);
    }
}
