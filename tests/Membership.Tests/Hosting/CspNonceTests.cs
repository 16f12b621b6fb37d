using System.Text.RegularExpressions;
using Membership.Tests.Entitlements;

namespace Membership.Tests.Hosting;

/// <summary>Inline styles are allowed only where a page asked for them, by a nonce fresh on every response.</summary>
public sealed partial class CspNonceTests(SiteApp app) : IClassFixture<SiteApp>
{
    [GeneratedRegex("<style nonce=\"([^\"]+)\">")]
    private static partial Regex StyleNonce();

    private async Task<(string Policy, string Html)> GetAsync(string path)
    {
        using var response = await app.CreateClient().GetAsync(new Uri(path, UriKind.Relative));
        return (response.Headers.GetValues("Content-Security-Policy").Single(), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_demo_articles_styles_carry_the_nonce_its_policy_allows_and_it_changes_every_time()
    {
        var (policy, html) = await GetAsync("/demo/article");
        var (nextPolicy, _) = await GetAsync("/demo/article");

        var nonce = StyleNonce().Match(html).Groups[1].Value;
        Assert.True(nonce.Length >= 20, html[..Math.Min(html.Length, 400)]);
        Assert.Contains($"; style-src 'self' 'nonce-{nonce}';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain(nonce, nextPolicy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_pages_and_the_snippet_need_no_inline_styles()
    {
        var (policy, _) = await GetAsync("/");
        var (_, snippet) = await GetAsync("/adfree.js");

        Assert.DoesNotContain("style-src", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("createElement(\"style\")", snippet, StringComparison.Ordinal);
    }
}
