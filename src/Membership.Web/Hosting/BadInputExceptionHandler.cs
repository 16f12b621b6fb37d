using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Membership.Web.Hosting;

/// <summary>
/// The backstop behind <see cref="RequestTextGuard"/>: a value the database refused as text it cannot
/// store, or a body the server refused while an endpoint read it, is the caller's mistake (400, 413),
/// never a 500 or an outage. The guard names the field; this cannot, so it should be rare.
/// </summary>
public sealed class BadInputExceptionHandler(ILogger<BadInputExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (FindBadHttpRequest(exception) is { } badRequest)
        {
            if (badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge)
                await BadInputAnswers.TooLargeAsync(httpContext, null);
            else
                await TypedResults.Problem(statusCode: badRequest.StatusCode, title: "Bad request").ExecuteAsync(httpContext);
            return true;
        }
        if (!IsUnstorableText(exception))
            return false;
        logger.LogWarning("The database refused a value of {Method} {Path} as text it cannot store", httpContext.Request.Method, httpContext.Request.Path.Value);
        await BadInputAnswers.RefusedByDatabaseAsync(httpContext);
        return true;
    }

    /// <summary>
    /// 22021 character_not_in_repertoire (U+0000), 22P05 untranslatable_character (a lone surrogate in
    /// jsonb), 22001 string_data_right_truncation (longer than the column), 54000 (an index row too large);
    /// and a lone surrogate, which Npgsql's strict UTF-8 encoder refuses before sending.
    /// </summary>
    public static bool IsUnstorableText(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: "22021" or "22P05" or "22001" or "54000" } or System.Text.EncoderFallbackException)
                return true;
        }
        return false;
    }

    private static BadHttpRequestException? FindBadHttpRequest(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException bad)
                return bad;
        }
        return null;
    }
}
