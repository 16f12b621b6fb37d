using System.Net;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Membership.Web.Hosting;

/// <summary>
/// A browser that asks for a page and gets an error (404, 400, 405, 500, ...) sees an HTML page in words, with a way
/// on; the problem JSON stays for API clients: any path under <c>/api</c> or <c>/webhooks</c>, and any request that
/// does not ask for <c>text/html</c> or also names JSON. Registered ahead of the default JSON writer, so it is asked first.
/// </summary>
public sealed class HtmlErrorPages(IOptions<MembershipOptions> membership) : IProblemDetailsWriter
{
    private static readonly string[] MachinePaths = ["/api", "/webhooks", "/.well-known", "/openapi", "/metrics", "/healthz", "/readyz", "/adfree.js"];

    public bool CanWrite(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        if (MachinePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            return false;
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            && !accept.Any(a => a.MediaType.Value?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);
    }

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var status = context.ProblemDetails.Status ?? http.Response.StatusCode;
        var (title, text) = Words(status, context.ProblemDetails.Detail);
        var site = WebUtility.HtmlEncode(membership.Value.SiteName);
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers[HeaderNames.CacheControl] = "no-store";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>{WebUtility.HtmlEncode(title)} · {site}</title>
                <link rel="stylesheet" href="/css/site.css">
            </head>
            <body>
                <header class="site-header"><div class="container header-row"><a class="brand" href="/">{site} <span class="brand-tag">Membership</span></a></div></header>
                <main id="main" class="container">
                    <h1>{WebUtility.HtmlEncode(title)}</h1>
                    <p>{WebUtility.HtmlEncode(text)}</p>
                    <p><a class="button" href="/">Go to the home page</a> <a class="button button-secondary" href="/account">Your account</a></p>
                    <p class="hint">Error {status}</p>
                </main>
            </body>
            </html>
            """, http.RequestAborted);
    }

    private static (string Title, string Text) Words(int status, string? detail) => status switch
    {
        404 => ("Page not found", "There is no page at this address. The link may be old or mistyped."),
        400 => ("Something in the request was wrong", detail ?? "The page could not understand what was sent. Go back and try again."),
        401 => ("Please sign in", "This page is for signed-in readers."),
        403 => ("Not allowed", "Your account cannot open this page."),
        405 => ("Not available this way", "This address cannot be used like that. Go back and try again."),
        429 => ("Too many attempts", "Please wait a minute, then try again."),
        502 or 503 or 504 => ("Please try again soon", detail ?? "A service we rely on did not answer. Nothing was changed; try again in a few minutes."),
        >= 500 => ("Something went wrong on our side", "We have logged the problem. Nothing you did caused it; please try again later."),
        _ => ("Something went wrong", detail ?? "The page could not be shown."),
    };
}
