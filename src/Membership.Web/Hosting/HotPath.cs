using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Hosting;

/// <summary>
/// An endpoint the site's servers call on every page view, answered as soon as routing has matched it
/// (<see cref="RouteShortCircuitEndpointConventionBuilderExtensions.ShortCircuit"/>): the middleware that
/// does nothing for it is skipped (the POST-only rate limits, the cross-site guard for cookie posts, the
/// text guard for a route value the guid constraint already checked, authentication for a bearer key its
/// own filter checks, CORS for a call that comes from no browser, static files). What it still owes every
/// response, this filter gives it: the security headers, and a problem with one log line in place of the
/// exception handler's for anything unexpected. Empty 404s become problems here, as status-code pages would
/// make them. docs/decisions.md, "The hot path skips the middleware it does not need".
/// </summary>
public static class HotPath
{
    public static RouteHandlerBuilder AsHotPath(this RouteHandlerBuilder endpoint)
    {
        endpoint.AddSingletonFilter<HotPathFilter>().WithMetadata(HotPathMetadata.Instance).ShortCircuit();
        return endpoint;
    }

    /// <summary>
    /// An endpoint filter made once for the endpoint, from singletons, where AddEndpointFilter would make one
    /// for every request (and open the request's service scope to do it).
    /// </summary>
    public static RouteHandlerBuilder AddSingletonFilter<TFilter>(this RouteHandlerBuilder endpoint) where TFilter : IEndpointFilter =>
        endpoint.AddEndpointFilterFactory((context, next) =>
        {
            var filter = ActivatorUtilities.CreateInstance<TFilter>(context.ApplicationServices);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}

/// <summary>An endpoint called on every page view: no per-request log scope (<see cref="RequestLogScope"/>).</summary>
public sealed class HotPathMetadata
{
    public static readonly HotPathMetadata Instance = new();

    private HotPathMetadata()
    {
    }
}

public sealed class HotPathFilter(SecurityHeaders headers, ILogger<HotPathFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        headers.Apply(http);
        try
        {
            var result = await next(context);
            var answer = result is INestedHttpResult nested ? nested.Result : result;
            return answer is NotFound ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound) : result;
        }
        catch (Exception e) when (!http.RequestAborted.IsCancellationRequested)
        {
            UnhandledExceptionLog.Write(logger, http, e);
            return TypedResults.Problem(statusCode: StatusCodes.Status500InternalServerError);
        }
    }
}
