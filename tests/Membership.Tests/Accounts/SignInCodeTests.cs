using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

/// <summary>"Email me a code": POST /api/v1/account/code and /code/verify.</summary>
public sealed partial class SignInCodeTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private async Task<string> CodeMailedToAsync(string email) =>
        Digits().Match((await app.Mail.WaitForAsync(email, "sign-in code")).Subject ?? "").Value;

    [Fact]
    public async Task A_mailed_code_signs_an_existing_reader_in_with_a_cookie_once()
    {
        var email = await app.RegisterAsync();
        var client = app.CreateClient();

        var asked = await client.PostAsJsonAsync("/api/v1/account/code", new { email });
        var code = await CodeMailedToAsync(email);
        var verified = await client.PostAsJsonAsync("/api/v1/account/code/verify?useCookies=true", new { email, code });
        var me = await client.GetAsync("/api/v1/me");
        var again = await app.CreateClient().PostAsJsonAsync("/api/v1/account/code/verify?useCookies=true", new { email, code });

        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_cookies_the_code_gives_a_bearer_token_and_a_new_address_gets_an_account()
    {
        var email = AccountFixtures.NewEmail();
        var client = app.CreateClient();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/account/code", new { email })).StatusCode);
        var verified = await client.PostAsJsonAsync("/api/v1/account/code/verify", new { email, code = await CodeMailedToAsync(email) });
        var token = (await verified.Content.ReadFromJsonAsync<Dictionary<string, object>>())!["accessToken"].ToString();

        Assert.False(string.IsNullOrEmpty(token));
        Assert.True(await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.EmailConfirmed).SingleAsync()));
    }

    [Fact]
    public async Task Five_wrong_codes_use_the_code_up_and_bad_input_is_a_400()
    {
        var email = await app.RegisterAsync();
        var client = app.CreateClient();
        await client.PostAsJsonAsync("/api/v1/account/code", new { email });
        var code = await CodeMailedToAsync(email);
        var wrong = code == "000000" ? "111111" : "000000";

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/v1/account/code/verify", new { email, code = wrong })).StatusCode);
        var right = await client.PostAsJsonAsync("/api/v1/account/code/verify", new { email, code });
        var bad = await client.PostAsJsonAsync("/api/v1/account/code", new { email = "not an address" });

        Assert.Equal(HttpStatusCode.Unauthorized, right.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [GeneratedRegex(@"\d{6}")]
    private static partial Regex Digits();
}
