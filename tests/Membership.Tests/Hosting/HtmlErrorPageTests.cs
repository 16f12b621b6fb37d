using System.Net;
using Membership.Tests.Infrastructure;

namespace Membership.Tests.Hosting;

/// <summary>Browsers get error pages in words; API clients (and anyone asking for JSON) keep the problem JSON.</summary>
public sealed class HtmlErrorPageTests(HtmlErrorPageTests.App app) : IClassFixture<HtmlErrorPageTests.App>
{
    public sealed class App : MembershipApp
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Billing:SyncCatalogAtStart"] = "false",
            ["Billing:ScheduledSync"] = "false",
        };
    }

    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    [Theory]
    [InlineData("/nope")]
    [InlineData("/account/nope")]
    public async Task A_browser_gets_a_404_page_in_words(string path)
    {
        var response = await GetAsync(path, BrowserAccept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Page not found</h1>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/nope", BrowserAccept)]
    [InlineData("/nope", "application/json")]
    [InlineData("/nope", "*/*")]
    [InlineData("/account/nope", "text/html, application/problem+json")]
    public async Task Api_paths_and_json_askers_keep_the_problem_json(string path, string accept)
    {
        var response = await GetAsync(path, accept);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":404", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_method_from_a_browser_is_a_page_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, "/account/login");
        request.Headers.TryAddWithoutValidation("Accept", BrowserAccept);

        var response = await app.CreateClient().SendAsync(request);

        Assert.True((int)response.StatusCode is 400 or 404 or 405, response.StatusCode.ToString());
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        return await app.CreateClient().SendAsync(request);
    }
}
