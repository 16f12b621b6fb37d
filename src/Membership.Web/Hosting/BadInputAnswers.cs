using System.Globalization;
using System.Net;

namespace Membership.Web.Hosting;

/// <summary>
/// How the service refuses input it will not take: an RFC 9457 problem for the JSON API and the
/// webhook, and a page for a person at a form. Field names come from the request, so they are shown
/// shortened and with unprintable characters replaced.
/// </summary>
public static class BadInputAnswers
{
    public static Task UnstorableAsync(HttpContext http, string field, string problem)
    {
        var name = Printable(field);
        var message = $"{name} {problem}";
        if (IsApi(http.Request))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [name] = [message] },
                detail: "The request holds text the service cannot store; nothing was changed.",
                title: "Input the service cannot store").ExecuteAsync(http);
        }
        return PageAsync(http, StatusCodes.Status400BadRequest, "We could not read what you sent",
            "Part of the form holds characters that are not text, or is far too long, so nothing was changed. Please check it and try again.",
            message);
    }

    public static Task TooLargeAsync(HttpContext http, long? limit)
    {
        var detail = limit is { } bytes
            ? $"The request body is larger than this endpoint takes ({bytes.ToString("N0", CultureInfo.InvariantCulture)} bytes at most); nothing was read."
            : "The request body is larger than this endpoint takes; nothing was read.";
        return IsApi(http.Request)
            ? TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request body too large").ExecuteAsync(http)
            : PageAsync(http, StatusCodes.Status413PayloadTooLarge, "What you sent is too large", detail, null);
    }

    /// <summary>The database refused a value (the backstop): no field to name.</summary>
    public static Task RefusedByDatabaseAsync(HttpContext http) =>
        IsApi(http.Request)
            ? TypedResults.Problem("The request holds text the service cannot store; nothing was changed.",
                statusCode: StatusCodes.Status400BadRequest, title: "Input the service cannot store").ExecuteAsync(http)
            : PageAsync(http, StatusCodes.Status400BadRequest, "We could not read what you sent",
                "Part of the form holds characters that are not text, or is far too long, so nothing was changed.", null);

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/webhooks", StringComparison.OrdinalIgnoreCase);

    private static string Printable(string field)
    {
        var shown = field.Length > 64 ? field[..64] + "…" : field;
        return string.Create(shown.Length, shown, (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
                span[i] = char.IsControl(source[i]) || char.IsSurrogate(source[i]) ? '?' : source[i];
        });
    }

    private static async Task PageAsync(HttpContext http, int status, string heading, string detail, string? error)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "text/html; charset=utf-8";
        var summary = error is null
            ? ""
            : "<div class=\"error-summary\" role=\"alert\" aria-labelledby=\"error-summary-title\" tabindex=\"-1\">"
                + $"<h2 id=\"error-summary-title\">There is a problem</h2><ul><li>{WebUtility.HtmlEncode(error)}</li></ul></div>";
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{heading}</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>"
            + $"<body><main class=\"container\"><h1>{heading}</h1>{summary}<p>{WebUtility.HtmlEncode(detail)}</p>"
            + "<p><a href=\"/\">Go to the home page</a></p></main></body></html>",
            http.RequestAborted);
    }
}
