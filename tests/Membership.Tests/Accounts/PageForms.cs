using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace Membership.Tests.Accounts;

/// <summary>Drives the server-rendered pages the way a browser does: GET the form, keep its antiforgery token, POST.</summary>
public static class PageForms
{
    public const string TokenField = "__RequestVerificationToken";

    private static readonly HtmlParser Parser = new();

    public static async Task<IHtmlDocument> GetPageAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.RelativeOrAbsolute));
        return await response.ReadPageAsync();
    }

    public static async Task<IHtmlDocument> ReadPageAsync(this HttpResponseMessage response) =>
        await Parser.ParseDocumentAsync(await response.Content.ReadAsStringAsync());

    /// <summary>Fills in the named fields of the page's form (the nth one; 0 is the first after the layout's sign-out form) and submits it.</summary>
    public static async Task<HttpResponseMessage> SubmitAsync(this HttpClient client, string pageUrl, IReadOnlyDictionary<string, string> fields, string? formSelector = null)
    {
        var page = await client.GetPageAsync(pageUrl);
        var form = (formSelector is null ? page.QuerySelector("main form[method=post]") : page.QuerySelector(formSelector)) as IHtmlFormElement
            ?? throw new InvalidOperationException($"No form on {pageUrl}: {page.Title}");
        var values = FormValues(form);
        foreach (var (name, value) in fields)
            values[name] = value;
        var action = string.IsNullOrEmpty(form.GetAttribute("action")) ? pageUrl : form.GetAttribute("action")!;
        return await client.PostFormAsync(action, values);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string url, IEnumerable<KeyValuePair<string, string>> values)
    {
        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(url, UriKind.Relative), content);
    }

    /// <summary>The antiforgery token of any form on the page (what a forged post would lack).</summary>
    public static async Task<string> AntiforgeryTokenAsync(this HttpClient client, string pageUrl) =>
        (await client.GetPageAsync(pageUrl)).QuerySelector($"input[name={TokenField}]")?.GetAttribute("value")
        ?? throw new InvalidOperationException($"No antiforgery token on {pageUrl}");

    public static IReadOnlyList<string> ErrorSummary(this IHtmlDocument page) =>
        page.QuerySelectorAll(".error-summary li").Select(li => li.TextContent.Trim()).ToList();

    public static string Heading(this IHtmlDocument page) => page.QuerySelector("h1")?.TextContent.Trim() ?? "";

    public static string? Flash(this IHtmlDocument page) => page.QuerySelector("[role=status].alert")?.TextContent.Trim();

    public static void AssertRedirect(this HttpResponseMessage response, string expectedLocation)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"Expected a redirect to {expectedLocation}, got {(int)response.StatusCode}.");
        // The cookie handler redirects to absolute URLs on the request's host; compare those by path.
        var location = response.Headers.Location;
        var actual = location is { IsAbsoluteUri: true, Host: "localhost" } && expectedLocation.StartsWith('/') ? location.PathAndQuery : location?.OriginalString;
        Assert.Equal(expectedLocation, actual);
    }

    private static Dictionary<string, string> FormValues(IHtmlFormElement form)
    {
        var values = new Dictionary<string, string>();
        foreach (var input in form.QuerySelectorAll("input[name]").OfType<IHtmlInputElement>())
        {
            if (input.Type is "checkbox" or "radio" && !input.IsChecked)
                continue;
            values.TryAdd(input.Name!, input.Value);
        }
        return values;
    }
}
