using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Accounts;

public sealed class MeApiTests(MembershipApp app) : IClassFixture<MembershipApp>
{
    [Fact]
    public async Task A_signed_out_caller_gets_401_not_a_redirect()
    {
        var response = await app.CreateClient().GetAsync(new Uri("/api/v1/me", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_new_reader_sees_themselves_and_is_not_ad_free()
    {
        var email = $"new-{Guid.NewGuid():N}@example.test";
        var client = await app.RegisterAndSignInAsync(email);

        using var me = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/me", UriKind.Relative)));

        Assert.Equal(email, me.RootElement.GetProperty("email").GetString());
        Assert.False(me.RootElement.GetProperty("emailConfirmed").GetBoolean());
        var entitlement = me.RootElement.GetProperty("entitlement");
        Assert.False(entitlement.GetProperty("adFree").GetBoolean());
        Assert.Equal("none", entitlement.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, entitlement.GetProperty("source").ValueKind);
    }

    [Fact]
    public async Task Login_with_a_wrong_password_or_an_unknown_address_is_the_same_401()
    {
        var email = $"wrong-{Guid.NewGuid():N}@example.test";
        var client = app.CreateClient();
        (await client.PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password })).EnsureSuccessStatusCode();

        var wrong = await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email, password = "Wrong-password-1" });
        var unknown = await client.PostAsJsonAsync("/api/v1/account/login?useCookies=true", new { email = $"nobody-{Guid.NewGuid():N}@example.test", password = "Wrong-password-1" });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(),
            (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("{\"email\":")]
    [InlineData("{\"password\":\"Correct-Horse-9\"}")]
    [InlineData("{\"email\":\"not-an-email\",\"password\":\"Correct-Horse-9\"}")]
    [InlineData("{\"email\":\"short@example.test\",\"password\":\"short\"}")]
    public async Task Bad_registration_input_is_a_400_problem_and_creates_nobody(string body)
    {
        var before = await app.WithDbAsync(db => Task.FromResult(db.Users.Count()));

        var response = await app.CreateClient().PostAsync(new Uri("/api/v1/account/register", UriKind.Relative),
            new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await app.WithDbAsync(db => Task.FromResult(db.Users.Count())));
    }

    [Fact]
    public async Task A_10_kB_email_is_refused()
    {
        var email = new string('a', 10_000) + "@example.test";

        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/account/register", new { email, password = Readers.Password });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
