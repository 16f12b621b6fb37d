using System.Diagnostics;

namespace Membership.Web.StripeConnection;

/// <summary>
/// Puts Stripe's <c>Request-Id</c> of every call on the current trace span (<c>stripe.request_id</c>) and in a
/// debug log line with the method, path and status, so a trace or a log line leads to the call in Stripe's Dashboard.
/// </summary>
public sealed partial class StripeRequestIdHandler(ILogger<StripeRequestIdHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var requestId = response.Headers.TryGetValues("Request-Id", out var values) ? values.FirstOrDefault() : null;
        if (requestId is not null)
            Activity.Current?.SetTag("stripe.request_id", requestId);
        if (logger.IsEnabled(LogLevel.Debug) || (!response.IsSuccessStatusCode && logger.IsEnabled(LogLevel.Information)))
            LogCall(logger, response.IsSuccessStatusCode ? LogLevel.Debug : LogLevel.Information,
                request.Method.Method, request.RequestUri?.AbsolutePath, (int)response.StatusCode, requestId);
        return response;
    }

    [LoggerMessage(Message = "Stripe {Method} {Path} answered {Status} (StripeRequestId {StripeRequestId})")]
    private static partial void LogCall(ILogger logger, LogLevel level, string method, string? path, int status, string? stripeRequestId);
}
