using Membership.Web.Accounts;
using Microsoft.AspNetCore.Diagnostics;

namespace Membership.Web.Hosting;

/// <summary>
/// Stripe refusing or unreachable while a request waits on it is an outage of someone else's, not our
/// bug: the caller gets a 503 problem and a time to come back, never a 500. The pages catch it themselves
/// and say so in words; this covers the JSON endpoints, which let it through.
/// </summary>
public sealed class StripeOutageHandler(ILogger<StripeOutageHandler> logger) : IExceptionHandler
{
    public const int RetryAfterSeconds = 30;

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!exception.IsStripeFailure(httpContext.RequestAborted))
            return false;
        logger.LogWarning("Stripe did not answer {Method} {Path}: {ExceptionType}: {Error}",
            httpContext.Request.Method, httpContext.Request.Path.Value, exception.GetType().Name, UnhandledExceptionLog.OneLine(exception.Message));
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await TypedResults.Problem(
            "We could not reach our payment provider, so nothing was changed. Please try again in a few minutes.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Payment provider unavailable").ExecuteAsync(httpContext);
        return true;
    }
}
