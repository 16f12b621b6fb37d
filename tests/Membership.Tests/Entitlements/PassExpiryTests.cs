using System.Buffers.Text;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Membership.Tests.Entitlements;

/// <summary>An ad-free pass never says "ad-free" past the moment the reader's access ends.</summary>
public sealed class PassExpiryTests(SiteApp app) : IClassFixture<SiteApp>
{
    private async Task<(JsonWebToken Pass, DateTimeOffset ExpiresAt, string Cookie)> PassWithGrantUntilAsync(DateTimeOffset until)
    {
        var (reader, readerId, _) = await app.NewReaderAsync();
        await (await app.AdminAsync()).GrantAdFreeAsync(readerId, until);
        await Eventually.UntilAsync(() => app.SiteClient().IsAdFreeAsync(readerId), "the grant is seen");
        using var response = await reader.GetAsync(new Uri("/api/v1/me/entitlement-token", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AdFreePass.CookieName + "=", StringComparison.Ordinal));
        return (new JsonWebToken(body.GetProperty("token").GetString()), body.GetProperty("expiresAt").GetDateTimeOffset(), cookie);
    }

    private static DateTimeOffset WholeSecondsFromNow(TimeSpan span) =>
        DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.Add(span).ToUnixTimeSeconds());

    [Fact]
    public async Task A_grant_ending_in_ten_minutes_gives_a_pass_that_ends_with_it()
    {
        var grantEnd = WholeSecondsFromNow(TimeSpan.FromMinutes(10));

        var (pass, expiresAt, cookie) = await PassWithGrantUntilAsync(grantEnd);

        Assert.True(pass.GetPayloadValue<bool>("ad_free"));
        Assert.Equal(grantEnd.ToUnixTimeSeconds(), pass.GetPayloadValue<long>("exp"));
        Assert.Equal(grantEnd, expiresAt);
        Assert.Contains($"expires={grantEnd.UtcDateTime:R}", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_grant_ending_in_three_hours_gives_a_pass_of_the_usual_hour()
    {
        var (pass, _, _) = await PassWithGrantUntilAsync(WholeSecondsFromNow(TimeSpan.FromHours(3)));

        Assert.Equal(3600, pass.GetPayloadValue<long>("exp") - pass.GetPayloadValue<long>("iat"));
    }

    [Fact]
    public void A_pass_whose_expiry_has_come_is_renewed()
    {
        var readerId = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var issuedAt = now.AddMinutes(-10).ToUnixTimeSeconds();

        Assert.False(AdFreePass.NeedsRefresh(RequestWithPass(readerId, issuedAt, now.AddMinutes(50).ToUnixTimeSeconds()), readerId, adFree: true, now));
        Assert.True(AdFreePass.NeedsRefresh(RequestWithPass(readerId, issuedAt, now.ToUnixTimeSeconds()), readerId, adFree: true, now));
        Assert.True(AdFreePass.NeedsRefresh(RequestWithPass(readerId, issuedAt, now.AddSeconds(-1).ToUnixTimeSeconds()), readerId, adFree: true, now));
    }

    private static HttpRequest RequestWithPass(Guid readerId, long issuedAt, long expiresAt)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["sub"] = readerId.ToString(),
            ["ad_free"] = true,
            ["iat"] = issuedAt,
            ["exp"] = expiresAt,
        });
        var token = $"{Base64Url.EncodeToString(Encoding.UTF8.GetBytes("{\"alg\":\"ES256\"}"))}.{Base64Url.EncodeToString(payload)}.signature";
        var http = new DefaultHttpContext();
        http.Request.Headers.Cookie = $"{AdFreePass.CookieName}={token}";
        return http.Request;
    }
}
