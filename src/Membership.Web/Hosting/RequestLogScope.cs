using System.Diagnostics;

namespace Membership.Web.Hosting;

/// <summary>
/// The request's id and path, and its trace and span ids (<c>ActivityTrackingOptions</c>), on every log line
/// written while it runs: what ASP.NET Core's hosting layer would add if its own logger were on. It is off
/// (<see cref="SecurityExtensions"/>), because while it is on hosting starts an Activity and a scope for
/// every request, the lookups sites make on every page view included. Those skip this too: short-circuited
/// endpoints (<see cref="HotPath"/>) never reach the middleware, and <see cref="HotPathMetadata"/> marks the
/// others. A request an OpenTelemetry tracer already follows keeps the tracer's Activity.
/// </summary>
public sealed class RequestLogScope(RequestDelegate next, ILogger<RequestLogScope> logger)
{
    public Task InvokeAsync(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HotPathMetadata>() is null ? WithScopeAsync(context) : next(context);

    private async Task WithScopeAsync(HttpContext context)
    {
        using var activity = Activity.Current is null ? new Activity("Membership.Request").Start() : null;
        using var scope = logger.BeginScope(new Dictionary<string, object>
        {
            ["RequestId"] = context.TraceIdentifier,
            ["RequestPath"] = context.Request.Path.Value ?? "/",
        });
        await next(context);
    }
}
