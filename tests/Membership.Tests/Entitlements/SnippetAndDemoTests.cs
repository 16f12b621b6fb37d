using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Membership.Tests.Infrastructure;
using Membership.Web.Entitlements;
using Microsoft.Extensions.DependencyInjection;

namespace Membership.Tests.Entitlements;

/// <summary>
/// What <c>/adfree.js</c> carries (the site, the service, every published key, rendered again when a key is added) and
/// what the demo article is made of; what they do in a browser is in the browser tests.
/// </summary>
public sealed partial class SnippetAndDemoTests(SnippetAndDemoTests.App app) : IClassFixture<SnippetAndDemoTests.App>
{
    public sealed class App : SiteApp
    {
        private readonly FakeWallClock _clock = new();

        public override FakeWallClock Clock => _clock;
    }

    [Fact]
    public async Task The_snippet_has_the_site_the_service_and_the_published_keys_baked_in_and_is_cacheable()
    {
        var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/adfree.js", UriKind.Relative));
        var script = await response.Content.ReadAsStringAsync();
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, new Uri("/adfree.js", UriKind.Relative));
        revalidate.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await client.SendAsync(revalidate);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=300", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var config = Config(script);
        Assert.Equal(SiteSettings.PublicUrl, config.GetProperty("service").GetString());
        Assert.Equal(SiteSettings.PublicUrl, config.GetProperty("issuer").GetString());
        Assert.Equal("Example News", config.GetProperty("site").GetString());
        Assert.Equal(await PublishedAsync(), Kids(config));
        var jwk = (await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json")).GetProperty("keys")[0];
        Assert.Equal(jwk.GetProperty("x").GetString(), config.GetProperty("keys")[0].GetProperty("x").GetString());
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task A_key_published_ahead_of_signing_is_in_the_snippet_beside_the_current_one()
    {
        var client = app.CreateClient();
        var before = await client.GetAsync(new Uri("/adfree.js", UriKind.Relative));
        var firstKids = Kids(Config(await before.Content.ReadAsStringAsync()));

        app.Clock.Advance(TimeSpan.FromDays(6) + TimeSpan.FromHours(1));
        await app.Services.GetRequiredService<SigningKeyRotation>().RotateAsync(CancellationToken.None, waitForLock: true);

        List<string> kids = [];
        HttpResponseMessage? after = null;
        await Eventually.UntilAsync(async () =>
        {
            after = await client.GetAsync(new Uri("/adfree.js", UriKind.Relative));
            kids = Kids(Config(await after.Content.ReadAsStringAsync()));
            return kids.Count == 2;
        }, "the next key in the snippet");
        Assert.Equal(await PublishedAsync(), kids);
        Assert.Contains(firstKids.Single(), kids);
        Assert.NotEqual(before.Headers.ETag!.Tag, after!.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task The_demo_article_carries_its_ad_tracker_and_consent_tags_inert_and_only_the_snippet_live()
    {
        using var response = await app.CreateClient().GetAsync(new Uri("/demo/article", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        const string AdOrigin = "http://127.0.0.1:5081"; // Membership__DemoAdPort's default

        Assert.Equal(2, Count(html, "data-ad-slot="));
        Assert.Equal(2, Count(html, "data-go-ad-free"));
        Assert.Contains($"<script src=\"{SiteSettings.PublicUrl}/adfree.js\"></script>", html, StringComparison.Ordinal);
        var scripts = ScriptTag().Matches(html).Select(m => m.Value).ToList();
        Assert.Single(scripts, s => !s.Contains("type=\"text/plain\"", StringComparison.Ordinal));
        Assert.All(scripts.Where(s => s.Contains("type=\"text/plain\"", StringComparison.Ordinal)),
            s => Assert.Contains("data-adfree-block", s, StringComparison.Ordinal));
        foreach (var tag in new[] { "/cmp.js", "/tracker.js", "/ads.js", "/frame.html", "/pixel.gif" })
            Assert.Contains(AdOrigin + tag, html, StringComparison.Ordinal);
        // Frames and pixels carry data-src only, so nothing loads before the snippet decides.
        Assert.DoesNotMatch($"<(img|iframe)[^>]*\\ssrc=\"{Regex.Escape(AdOrigin)}", html);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains($"frame-src {AdOrigin}", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("site.css", html, StringComparison.Ordinal);
    }

    private async Task<List<string>> PublishedAsync() =>
        (await app.CreateClient().GetFromJsonAsync<JsonElement>("/.well-known/jwks.json")).GetProperty("keys").EnumerateArray()
            .Select(k => k.GetProperty("kid").GetString()!).ToList();

    private static JsonElement Config(string script) =>
        JsonDocument.Parse(ConfigLine().Match(script).Groups[1].Value).RootElement.Clone();

    private static List<string> Kids(JsonElement config) =>
        config.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!).ToList();

    private static int Count(string text, string what) => Regex.Count(text, Regex.Escape(what));

    [GeneratedRegex(@"var CONFIG = (\{.*?\});\n")]
    private static partial Regex ConfigLine();

    [GeneratedRegex(@"<script[^>]*>")]
    private static partial Regex ScriptTag();
}
