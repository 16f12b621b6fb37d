using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;

namespace Membership.Tests.Accounts;

public sealed class ReturnUrlsTests
{
    private readonly ReturnUrls _returnUrls = new(Options.Create(new MembershipOptions { SiteOrigins = "https://news.example.com, http://127.0.0.1:5080/" }));

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/subscribe/adfree-monthly", "/subscribe/adfree-monthly")]
    [InlineData("/account?x=1#top", "/account?x=1#top")]
    [InlineData("https://news.example.com/world/story", "https://news.example.com/world/story")]
    [InlineData("https://NEWS.example.com:443/", "https://NEWS.example.com:443/")]
    [InlineData("http://127.0.0.1:5080/account", "http://127.0.0.1:5080/account")]
    [InlineData(null, "/account")]
    [InlineData("", "/account")]
    [InlineData("//evil.example", "/account")]
    [InlineData("/\\evil.example", "/account")]
    [InlineData("/\t/evil.example", "/account")]
    [InlineData("/\r\n/evil.example", "/account")]
    [InlineData("\\\\evil.example", "/account")]
    [InlineData("https://evil.example", "/account")]
    [InlineData("http://news.example.com/", "/account")] // another scheme is another origin
    [InlineData("https://news.example.com:8443/", "/account")]
    [InlineData("https://news.example.com.evil.example/", "/account")]
    [InlineData("https://news.example.com@evil.example/", "/account")]
    [InlineData("https://user:pass@news.example.com/", "/account")]
    [InlineData("javascript:alert(1)", "/account")]
    [InlineData("data:text/html,hi", "/account")]
    [InlineData("account", "/account")]
    public void Only_local_paths_and_site_origins_are_followed(string? returnUrl, string expected)
    {
        Assert.Equal(expected, _returnUrls.Resolve(returnUrl));
    }

    [Fact]
    public void The_fallback_is_the_callers_choice()
    {
        Assert.Equal("/", _returnUrls.Resolve("https://evil.example", fallback: "/"));
    }
}
