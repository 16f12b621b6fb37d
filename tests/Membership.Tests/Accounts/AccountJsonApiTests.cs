using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Membership.Tests.Accounts;

/// <summary>Identity's own JSON endpoints under /api/v1/account, as apps and scripts use them.</summary>
public sealed class AccountJsonApiTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Registering_a_taken_address_answers_exactly_as_for_a_new_one_and_mails_the_owner()
    {
        var taken = await app.RegisterAsync();
        var hash = await app.WithDbAsync(db => db.Users.Where(r => r.Email == taken).Select(r => r.PasswordHash).SingleAsync());
        var client = app.CreateClient();

        var fresh = await client.PostAsJsonAsync("/api/v1/account/register", new { email = AccountFixtures.NewEmail(), password = Readers.Password });
        var duplicate = await client.PostAsJsonAsync("/api/v1/account/register", new { email = taken, password = "Other-Password-7" });

        Assert.Equal(fresh.StatusCode, duplicate.StatusCode);
        Assert.Equal(await fresh.Content.ReadAsStringAsync(), await duplicate.Content.ReadAsStringAsync());
        Assert.Equal(fresh.Content.Headers.ContentType, duplicate.Content.Headers.ContentType);
        Assert.Equal(1, await app.CountReadersAsync(taken));
        Assert.Equal(hash, await app.WithDbAsync(db => db.Users.Where(r => r.Email == taken).Select(r => r.PasswordHash).SingleAsync()));
        await app.Mail.WaitForAsync(taken, "Someone tried to create");
    }

    [Fact]
    public async Task A_weak_password_gets_the_same_400_for_a_taken_address_as_for_a_new_one()
    {
        var taken = await app.RegisterAsync();
        var client = app.CreateClient();

        var fresh = await client.PostAsJsonAsync("/api/v1/account/register", new { email = AccountFixtures.NewEmail(), password = "weak" });
        var duplicate = await client.PostAsJsonAsync("/api/v1/account/register", new { email = taken, password = "weak" });

        Assert.Equal(HttpStatusCode.BadRequest, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Equal(await ErrorKeysAsync(fresh), await ErrorKeysAsync(duplicate));
        Assert.DoesNotContain("Duplicate", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_confirmation_mail_of_a_JSON_registration_links_to_the_page_on_the_public_url_and_the_JSON_endpoint_takes_its_code()
    {
        var email = AccountFixtures.NewEmail();
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password })).EnsureSuccessStatusCode();

        var link = new Uri(MailFolder.Link(await app.Mail.WaitForAsync(email, "Confirm your email"), "/account/confirm-email"));
        var confirmed = await client.GetAsync(new Uri("/api/v1/account/confirmEmail" + link.Query, UriKind.Relative));

        Assert.Equal("http://127.0.0.1:5080/account/confirm-email", link.GetLeftPart(UriPartial.Path));
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(r => r.Email == email).Select(r => r.EmailConfirmed).SingleAsync()));
    }

    [Fact]
    public async Task A_bearer_token_from_login_reads_me_and_manage_info_and_refreshes()
    {
        var email = await app.RegisterAsync();
        var client = app.CreateClient();

        var login = await client.PostAsJsonAsync("/api/v1/account/login", new { email, password = Readers.Password });
        using var tokens = JsonDocument.Parse(await login.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.RootElement.GetProperty("accessToken").GetString());
        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me");
        var info = await client.GetFromJsonAsync<JsonElement>("/api/v1/account/manage/info");
        var refresh = await client.PostAsJsonAsync("/api/v1/account/refresh", new { refreshToken = tokens.RootElement.GetProperty("refreshToken").GetString() });

        Assert.Equal(email, me.GetProperty("email").GetString());
        Assert.True(info.GetProperty("isEmailConfirmed").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);
    }

    [Fact]
    public async Task Signed_out_manage_info_is_a_401_not_a_redirect()
    {
        var response = await app.CreateBrowser().GetAsync(new Uri("/api/v1/account/manage/info", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/v1/account/login", "{\"email\":")]
    [InlineData("/api/v1/account/login", "[]")]
    [InlineData("/api/v1/account/forgotPassword", "{\"email\":42")]
    [InlineData("/api/v1/account/resetPassword", "not json")]
    [InlineData("/api/v1/account/resendConfirmationEmail", "{")]
    [InlineData("/api/v1/account/refresh", "{\"refreshToken\":")]
    public async Task Malformed_JSON_is_a_400_problem(string path, string body)
    {
        var response = await app.CreateClient().PostAsync(new Uri(path, UriKind.Relative), Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_password_is_a_401_problem_for_known_and_unknown_addresses_alike()
    {
        var email = await app.RegisterAsync();
        var client = app.CreateClient();

        var wrong = await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password = "Wrong-Password-1" });
        var unknown = await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email = AccountFixtures.NewEmail(), password = "Wrong-Password-1" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(await DetailAsync(wrong), await DetailAsync(unknown));
    }

    private static async Task<string> ErrorKeysAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return string.Join(",", problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response)
    {
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return problem.RootElement.GetProperty("detail").GetString();
    }
}
