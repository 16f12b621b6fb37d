using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>
/// Per client IP limits on the actions an attacker repeats: signing in, registering and asking for
/// mail. One global limiter keyed by path covers the pages and Identity's JSON endpoints alike, and
/// counts only the POSTs, so reading a form never uses up an attempt.
/// </summary>
public static class AccountRateLimits
{
    private static readonly Dictionary<string, string> ActionByPath = new(StringComparer.OrdinalIgnoreCase)
    {
        ["/account/login"] = "sign-in",
        ["/api/v1/account/login"] = "sign-in",
        ["/account/register"] = "register",
        ["/api/v1/account/register"] = "register",
        ["/account/forgot-password"] = "account-mail",
        ["/api/v1/account/forgotPassword"] = "account-mail",
        ["/account/resend-confirmation"] = "account-mail",
        ["/api/v1/account/resendConfirmationEmail"] = "account-mail",
        ["/api/v1/account/code"] = "account-mail",
        ["/api/v1/account/code/verify"] = "sign-in",
        ["/account/code"] = "sign-in",
        ["/join"] = "register",
    };

    public static IServiceCollection AddAccountRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, limits) =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Partition(context, limits.Value));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(HttpContext context, RateLimitOptions limits)
    {
        if (!HttpMethods.IsPost(context.Request.Method) || !ActionByPath.TryGetValue(context.Request.Path.Value?.TrimEnd('/') ?? "", out var action))
            return RateLimitPartition.GetNoLimiter("");
        var permits = action switch
        {
            "sign-in" => limits.SignIn,
            "register" => limits.Register,
            _ => limits.AccountMail,
        };
        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        return RateLimitPartition.GetFixedWindowLimiter($"{action}|{client}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = limits.Window,
            QueueLimit = 0,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
        http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        const string Detail = "Too many attempts from your network. Please wait a minute and try again.";
        if (http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            await TypedResults.Problem(Detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(http);
            return;
        }
        // A person at a form gets a page, not JSON.
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(
            $"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts</title><link rel=\"stylesheet\" href=\"/css/site.css\"></head>"
            + $"<body><main class=\"container\"><h1>Too many attempts</h1><p>{Detail}</p><p><a href=\"/\">Back to the home page</a></p></main></body></html>",
            cancellationToken);
    }
}
