using System.Net;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Membership.Tests.Entitlements;

public sealed class MyEntitlementsApiTests(SiteApp app) : IClassFixture<SiteApp>
{
    private static HttpRequestMessage FromOrigin(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static string? PassCookieHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies)
            ? cookies.FirstOrDefault(c => c.StartsWith(AdFreePass.CookieName + "=", StringComparison.Ordinal))
            : null;

    [Fact]
    public async Task A_signed_out_visitor_gets_200_and_not_ad_free()
    {
        var (status, body) = await app.CreateClient().GetJsonAsync("/api/v1/me/entitlements");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(body.GetProperty("adFree").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("readerId").ValueKind);
        Assert.Equal("none", body.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_site_origin_gets_credentialed_cors_headers_and_any_other_origin_none()
    {
        var client = app.CreateClient();

        using var allowed = await client.SendAsync(FromOrigin("/api/v1/me/entitlements", SiteSettings.SiteOrigin));
        using var other = await client.SendAsync(FromOrigin("/api/v1/me/entitlements", "https://evil.example.org"));
        using var tokenAllowed = await client.SendAsync(FromOrigin("/api/v1/me/entitlement-token", SiteSettings.SiteOrigin));

        Assert.Equal(SiteSettings.SiteOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.DoesNotContain(other.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        // A signed-out browser learns it is signed out, and the site's page can read that answer.
        Assert.Equal(HttpStatusCode.Unauthorized, tokenAllowed.StatusCode);
        Assert.Equal(SiteSettings.SiteOrigin, Assert.Single(tokenAllowed.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task A_preflight_from_the_site_origin_is_allowed_one_from_elsewhere_is_not_and_a_plain_options_is_405()
    {
        var client = app.CreateClient();
        HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, new Uri("/api/v1/me/entitlements", UriKind.Relative));
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "GET");
            return request;
        }

        using var allowed = await client.SendAsync(Preflight(SiteSettings.SiteOrigin));
        using var other = await client.SendAsync(Preflight("https://evil.example.org"));
        using var plain = await client.SendAsync(new HttpRequestMessage(HttpMethod.Options, new Uri("/api/v1/me/entitlements", UriKind.Relative)));

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(SiteSettings.SiteOrigin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Equal("GET", Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("nosniff", Assert.Single(allowed.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
        Assert.DoesNotContain(other.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, plain.StatusCode);
        Assert.Equal("GET", Assert.Single(plain.Content.Headers.Allow));
    }

    [Fact]
    public async Task Signing_in_sets_a_script_readable_pass_and_signing_out_removes_it()
    {
        var client = app.CreateClient();
        var email = $"pass-{Guid.NewGuid():N}@example.test";
        (await client.PostAsync(new Uri("/api/v1/account/register", UriKind.Relative),
            JsonContent(new { email, password = SiteClients.Password }))).EnsureSuccessStatusCode();

        var signIn = await SiteClients.SignInAsync(client, email, SiteClients.Password);

        var set = PassCookieHeader(signIn);
        Assert.NotNull(set);
        Assert.DoesNotContain("httponly", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", set, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", set, StringComparison.OrdinalIgnoreCase);
        var token = set[(AdFreePass.CookieName.Length + 1)..set.IndexOf(';', StringComparison.Ordinal)];
        Assert.Equal(3, token.Split('.').Length);

        // The browser now has a fresh pass: asking again does not mint another.
        using var again = await client.GetAsync(new Uri("/api/v1/me/entitlements", UriKind.Relative));
        Assert.Null(PassCookieHeader(again));
    }

    [Fact]
    public async Task The_token_endpoint_gives_a_pass_of_at_most_an_hour_and_sets_the_cookie()
    {
        var (reader, _, _) = await app.NewReaderAsync();

        using var response = await reader.GetAsync(new Uri("/api/v1/me/entitlement-token", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var expiresAt = body.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromHours(1));
        Assert.Equal(body.GetProperty("token").GetString(), PassCookieHeader(response)?.Split(';')[0][(AdFreePass.CookieName.Length + 1)..]);
    }

    [Fact]
    public async Task A_pass_that_disagrees_with_the_entitlement_is_replaced()
    {
        var (reader, readerId, _) = await app.NewReaderAsync();
        using (var first = await reader.GetAsync(new Uri("/api/v1/me/entitlements", UriKind.Relative)))
            Assert.Null(PassCookieHeader(first));

        await (await app.AdminAsync()).GrantAdFreeAsync(readerId);

        string? set = null;
        await Eventually.UntilAsync(async () =>
        {
            using var after = await reader.GetAsync(new Uri("/api/v1/me/entitlements", UriKind.Relative));
            set = PassCookieHeader(after);
            return set is not null;
        }, "a new pass once the reader is ad-free");
        Assert.True(PassClaims.TryRead(set!.Split(';')[0].AsSpan(AdFreePass.CookieName.Length + 1), out var claims));
        Assert.True(claims.AdFree);
        Assert.Equal(readerId, claims.Subject);
    }

    private static StringContent JsonContent(object value) =>
        new(JsonSerializer.Serialize(value), System.Text.Encoding.UTF8, "application/json");
}

public sealed class PassCookieDomainTests(PassCookieDomainTests.App app) : IClassFixture<PassCookieDomainTests.App>
{
    public sealed class App : SiteApp
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Membership:CookieDomain"] = ".news.example.com",
        };
    }

    [Fact]
    public async Task The_pass_is_set_on_the_configured_cookie_domain()
    {
        // The cookie is for another domain than the test server's, so the client must not try to keep it.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var email = $"domain-{Guid.NewGuid():N}@example.test";
        (await client.PostAsync(new Uri("/api/v1/account/register", UriKind.Relative), new StringContent(
            JsonSerializer.Serialize(new { email, password = SiteClients.Password }), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();

        var signIn = await SiteClients.SignInAsync(client, email, SiteClients.Password);

        var set = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AdFreePass.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("domain=.news.example.com", set, StringComparison.OrdinalIgnoreCase);
    }
}
