using System.Net;
using System.Text.RegularExpressions;

namespace Membership.Tests.Admin;

/// <summary>Submits a page's form as a browser would: with the antiforgery token the page rendered.</summary>
public static partial class PageForms
{
    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="([^"]+)"|value="([^"]+)" name="__RequestVerificationToken"|type="hidden" name="__RequestVerificationToken" value="([^"]+)" """)]
    private static partial Regex TokenField();

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string pageUrl, string action, IDictionary<string, string> fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var match = TokenField().Match(page);
        Assert.True(match.Success, $"{pageUrl} renders no antiforgery token.");
        var token = match.Groups.Values.Skip(1).First(g => g.Success).Value;
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token) };
        return await client.PostAsync(action, new FormUrlEncodedContent(form));
    }
}
