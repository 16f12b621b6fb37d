using System.Net;

namespace Membership.Tests.Entitlements;

public sealed class SnippetAndDemoTests(SiteApp app) : IClassFixture<SiteApp>
{
    [Fact]
    public async Task The_snippet_has_the_site_and_service_baked_in_and_is_cacheable()
    {
        var client = app.CreateClient();

        using var response = await client.GetAsync(new Uri("/adfree.js", UriKind.Relative));
        var script = await response.Content.ReadAsStringAsync();
        var etag = response.Headers.ETag;
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, new Uri("/adfree.js", UriKind.Relative));
        revalidate.Headers.IfNoneMatch.Add(etag!);
        using var notModified = await client.SendAsync(revalidate);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("max-age=300", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        Assert.Contains($"SERVICE = \"{SiteSettings.PublicUrl}\"", script, StringComparison.Ordinal);
        Assert.Contains("SITE = \"Example News\"", script, StringComparison.Ordinal);
        Assert.Contains("adfree_pass", script, StringComparison.Ordinal);
        Assert.InRange(script.Length, 500, 8000);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task The_demo_article_is_a_plain_page_with_two_ad_slots_two_banners_and_only_the_snippet()
    {
        var html = await app.CreateClient().GetStringAsync(new Uri("/demo/article", UriKind.Relative));

        Assert.Equal(2, Count(html, "data-ad-slot="));
        Assert.Equal(2, Count(html, "data-go-ad-free"));
        Assert.Equal(1, Count(html, "<script"));
        Assert.Contains($"<script src=\"{SiteSettings.PublicUrl}/adfree.js\"></script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("site.css", html, StringComparison.Ordinal);
    }

    private static int Count(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            count++;
        return count;
    }
}
