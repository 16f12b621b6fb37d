using Microsoft.AspNetCore.Diagnostics;

namespace Membership.Web.Hosting;

/// <summary>
/// One log line for an exception nothing else handled, in place of the exception handler's own (which
/// carries the stack trace, and with it whatever the frames and inner exceptions hold: docs/house-rules.md,
/// "Input and secrets"). Returns false: the problem response is written as before.
/// </summary>
public sealed class UnhandledExceptionLog(ILogger<UnhandledExceptionLog> logger) : IExceptionHandler
{
    public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        Write(logger, httpContext, exception);
        return ValueTask.FromResult(false);
    }

    /// <summary>The one line, also for endpoints that answer before the exception handler (<see cref="HotPath"/>).</summary>
    internal static void Write(ILogger logger, HttpContext httpContext, Exception exception)
    {
        var cause = exception.GetBaseException();
        // The path without its query string: mailed links carry one-time codes there.
        logger.LogError("Unhandled {ExceptionType} on {Method} {Path}: {Error}{Cause}",
            exception.GetType().Name, httpContext.Request.Method, httpContext.Request.Path.Value, OneLine(exception.Message),
            ReferenceEquals(cause, exception) ? "" : $" ({cause.GetType().Name}: {OneLine(cause.Message)})");
    }

    /// <summary>Some messages span lines (PostgreSQL's add "POSITION: n"); a log line is one line.</summary>
    internal static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
