using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Accounts;

/// <summary>The account service on a clock the test moves, so "within a minute" can be watched without waiting; with a bootstrap admin.</summary>
public sealed class ClockedAccountsApp : AccountsApp
{
    public const string AdminEmail = "admin@example.test";
    public const string AdminPassword = "Admin-Password-123";

    public FakeWallClock Clock { get; } = new();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Membership:Bootstrap:AdminEmail"] = AdminEmail,
        ["Membership:Bootstrap:AdminPassword"] = AdminPassword,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>A bearer access token ends with its sign-in, as the cookie does: a changed password ends it within a minute.</summary>
public sealed class BearerTokenTests(ClockedAccountsApp app) : IClassFixture<ClockedAccountsApp>
{
    private const string NewPassword = "Another-Horse-42";

    private async Task<HttpClient> BearerClientAsync(string email)
    {
        var login = await app.CreateClient().PostAsJsonAsync("/api/v1/account/login", new { email, password = Readers.Password });
        login.EnsureSuccessStatusCode();
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task<HttpStatusCode> MeAsync(HttpClient client) =>
        (await client.GetAsync(new Uri("/api/v1/me", UriKind.Relative))).StatusCode;

    private async Task ChangePasswordAsync(string email)
    {
        var other = await BearerClientAsync(email);
        (await other.PostAsJsonAsync("/api/v1/account/manage/info", new { oldPassword = Readers.Password, newPassword = NewPassword })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_token_first_used_after_a_password_change_is_refused_at_once()
    {
        var email = await app.RegisterAsync();
        var token = await BearerClientAsync(email);

        await ChangePasswordAsync(email);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
    }

    [Fact]
    public async Task A_token_in_use_is_refused_within_a_minute_of_a_password_change()
    {
        var email = await app.RegisterAsync();
        var token = await BearerClientAsync(email);
        Assert.Equal(HttpStatusCode.OK, await MeAsync(token));

        await ChangePasswordAsync(email);
        app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(token));
    }

    [Fact]
    public async Task A_token_whose_sign_in_stands_keeps_working_past_the_minute()
    {
        var token = await BearerClientAsync(await app.RegisterAsync());
        Assert.Equal(HttpStatusCode.OK, await MeAsync(token));

        app.Clock.Advance(TimeSpan.FromSeconds(61));

        Assert.Equal(HttpStatusCode.OK, await MeAsync(token));
    }
}
