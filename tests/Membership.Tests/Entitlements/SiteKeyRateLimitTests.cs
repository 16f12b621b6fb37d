using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Membership.Tests.Entitlements;

/// <summary>One site key cannot take the entitlement API from the others: past its rate it gets 429 with Retry-After.</summary>
public sealed class SiteKeyRateLimitTests(SiteKeyRateLimitTests.App app) : IClassFixture<SiteKeyRateLimitTests.App>
{
    /// <summary>Three requests per key per hour, so the window cannot roll over mid-test.</summary>
    public sealed class App : SiteApp
    {
        protected override IReadOnlyDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["RateLimits:SiteKey"] = "3",
            ["RateLimits:SiteKeyWindow"] = "01:00:00",
        };
    }

    private async Task<HttpClient> NewSiteKeyClientAsync(HttpClient admin)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/admin/api-keys", new { name = $"site {Guid.NewGuid():N}", kind = "site" });
        created.EnsureSuccessStatusCode();
        return app.SiteClient((await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!);
    }

    [Fact]
    public async Task A_key_past_its_rate_gets_429_with_Retry_After_and_other_keys_go_on()
    {
        var admin = await app.AdminAsync();
        var readerId = await app.RegisteredReaderAsync();
        var busy = await NewSiteKeyClientAsync(admin);
        var other = await NewSiteKeyClientAsync(admin);

        var allowed = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            allowed.Add((await busy.GetAsync(new Uri($"/api/v1/entitlements/{readerId}", UriKind.Relative))).StatusCode);
        var refused = await busy.GetAsync(new Uri($"/api/v1/entitlements/{readerId}", UriKind.Relative));
        var refusedBatch = await busy.PostAsJsonAsync("/api/v1/entitlements/batch", new { readerIds = new[] { readerId } });
        var otherKey = await other.GetAsync(new Uri($"/api/v1/entitlements/{readerId}", UriKind.Relative));

        Assert.All(allowed, status => Assert.Equal(HttpStatusCode.OK, status));
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture), 1, 3600);
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedBatch.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherKey.StatusCode);
    }
}
