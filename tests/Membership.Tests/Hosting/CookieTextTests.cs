using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http;

namespace Membership.Tests.Hosting;

/// <summary>
/// A cookie read straight from the Cookie header is the cookie the parser would give, or the reader says it is
/// unsure and the parser is asked: never another value.
/// </summary>
public sealed class CookieTextTests
{
    private const string Name = ".AspNetCore.Identity.Application";

    private static (CookieSearch Search, string? Value) Find(params string[] headers)
    {
        var request = new DefaultHttpContext().Request;
        request.Headers.Cookie = headers;
        var search = CookieText.Find(request, Name, out var value);
        return (search, search == CookieSearch.Found ? value.ToString() : null);
    }

    [Theory]
    [InlineData(".AspNetCore.Identity.Application=CfDJ8abc-_Z9", "CfDJ8abc-_Z9")]
    [InlineData("adfree_pass=eyJ.eyJ.sig; .AspNetCore.Identity.Application=CfDJ8abc; theme=dark", "CfDJ8abc")]
    [InlineData("theme=dark;.AspNetCore.Identity.Application=CfDJ8abc ", "CfDJ8abc")]
    public void Finds_the_one_plain_cookie_as_the_parser_would(string header, string expected)
    {
        Assert.Equal((CookieSearch.Found, expected), Find(header));

        var parsed = new DefaultHttpContext().Request;
        parsed.Headers.Cookie = header;
        Assert.Equal(expected, parsed.Cookies[Name]);
    }

    [Fact]
    public void Finds_it_in_any_of_several_cookie_headers()
    {
        Assert.Equal((CookieSearch.Found, "CfDJ8abc"), Find("theme=dark", ".AspNetCore.Identity.Application=CfDJ8abc"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("theme=dark; adfree_pass=eyJ.eyJ.sig")]
    public void Says_absent_when_the_name_is_nowhere(string header)
    {
        Assert.Equal((CookieSearch.Absent, null), Find(header));
    }

    [Theory]
    [InlineData(".AspNetCore.Identity.Application=first; .AspNetCore.Identity.Application=second")] // the name twice
    [InlineData(".AspNetCore.Identity.Application=\"CfDJ8abc\"")] // quoted
    [InlineData(".AspNetCore.Identity.Application=CfDJ8%41bc")] // escaped
    [InlineData(".AspNetCore.Identity.Application=")] // empty
    [InlineData(".AspNetCore.Identity.ApplicationC1=CfDJ8abc")] // a chunk of a large cookie
    [InlineData("x.AspNetCore.Identity.Application=CfDJ8abc")] // another cookie's name ends with it
    [InlineData("theme=.AspNetCore.Identity.Application")] // inside another cookie's value
    public void Is_unsure_of_anything_the_parser_might_read_otherwise(string header)
    {
        Assert.Equal((CookieSearch.Unsure, null), Find(header));
    }
}
