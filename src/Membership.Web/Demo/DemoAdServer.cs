using System.Text;
using Microsoft.Extensions.Options;

namespace Membership.Web.Demo;

/// <summary>
/// A stand-in for a third-party ad network, tracker and consent tool on another loopback origin
/// (<c>http://127.0.0.1:{Membership__DemoAdPort}</c>): scripts that fill ad slots, set cookies and call home, an ad
/// frame, a pixel, and a consent wall. Nothing is cached, so every page view that loads them shows in its log.
/// Its own small Kestrel host inside the service's process: no second program to start, for a person or a test.
/// </summary>
public sealed class DemoAdServer(IOptions<DemoOptions> options, ILogger<DemoAdServer> logger) : IHostedService, IAsyncDisposable
{
    private static readonly byte[] Pixel = Convert.FromBase64String("R0lGODlhAQABAIAAAAAAAP///ywAAAAAAQABAAACAUwAOw==");
    private WebApplication? _app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(options.Value.AdOrigin);
        var app = builder.Build();
        app.Use((context, next) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            return next(context);
        });
        foreach (var script in new[] { "ads.js", "tracker.js", "cmp.js" })
        {
            var text = Script(script);
            app.MapGet("/" + script, () => TypedResults.Text(text, "text/javascript; charset=utf-8"));
        }
        app.MapGet("/frame.html", () => TypedResults.Text(Frame, "text/html; charset=utf-8"));
        app.MapGet("/creative.svg", (string? slot) => TypedResults.Text(Creative(slot), "image/svg+xml"));
        app.MapGet("/pixel.gif", (HttpContext http) =>
        {
            // The third-party cookie a real tracker would set on its own origin.
            http.Response.Cookies.Append("demo_ad_id", Guid.NewGuid().ToString("N"), new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax });
            return TypedResults.Bytes(Pixel, "image/gif");
        });
        app.MapPost("/collect", () => TypedResults.NoContent());
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            // A second instance on one machine (or anything else on the port): the service runs, the demo's ads do not.
            logger.LogWarning("Demo ad server not started on {Origin}: {Error}", options.Value.AdOrigin, e.Message);
            await app.DisposeAsync();
            return;
        }
        _app = app;
        logger.LogInformation("Demo ad server (stand-in ad network, tracker and consent tool) on {Origin}", options.Value.AdOrigin);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
            await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
            await _app.DisposeAsync();
    }

    private static string Script(string name)
    {
        using var stream = typeof(DemoAdServer).Assembly.GetManifestResourceStream($"Membership.Web.Demo.AdServer.{name}")
            ?? throw new InvalidOperationException($"The demo ad server's {name} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private const string Frame = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Advertisement</title></head>
        <body style="margin:0;font:14px/1.4 system-ui,sans-serif;background:#fff8e1;display:flex;align-items:center;justify-content:center;height:100vh">
        <p style="margin:0;text-align:center"><strong>Acme Sofas</strong><br>Half price this weekend only</p>
        <img src="/pixel.gif?e=frame" alt="" width="1" height="1"></body></html>
        """;

    private static string Creative(string? slot) => $"""
        <svg xmlns="http://www.w3.org/2000/svg" width="728" height="90" viewBox="0 0 728 90">
        <rect width="728" height="90" fill="#ffe082"/><text x="364" y="52" font-family="sans-serif" font-size="24" text-anchor="middle"
        fill="#5d4037">Acme Travel: 3 nights for 2 ({System.Net.WebUtility.HtmlEncode(slot ?? "slot")})</text></svg>
        """;
}
