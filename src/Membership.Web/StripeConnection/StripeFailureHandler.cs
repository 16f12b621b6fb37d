using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Diagnostics;

namespace Membership.Web.StripeConnection;

/// <summary>
/// A Stripe failure while a JSON request waits on it is not our bug, so never a 500. Stripe unreachable or
/// timed out: 503 with a time to come back. Stripe refused (4xx): a 502 problem that says waiting will not
/// help; an admin is told what Stripe named (object, parameter, request id), a reader a plain message.
/// Pages catch failures themselves and say the same in words.
/// </summary>
public sealed class StripeFailureHandler(ILogger<StripeFailureHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception.AsStripeFailure(httpContext.RequestAborted) is not { } failure)
            return false;
        // The reader's id as Identity puts it in the name-identifier claim (Accounts' ReaderClaims reads it the same way).
        var caller = Guid.TryParse(httpContext.User.FindFirstValue(ClaimTypes.NameIdentifier), out var readerId) ? $" for reader {readerId}" : "";
        failure.Log(logger, $"{httpContext.Request.Method} {httpContext.Request.Path.Value}{caller}");
        if (failure.Transient)
            httpContext.Response.Headers.RetryAfter = StripeFailure.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        var forAdmin = httpContext.Request.Path.StartsWithSegments("/api/v1/admin", StringComparison.OrdinalIgnoreCase);
        await TypedResults.Problem(forAdmin ? failure.AdminDetail : failure.ReaderMessage(), statusCode: failure.HttpStatus, title: failure.Title)
            .ExecuteAsync(httpContext);
        return true;
    }
}
