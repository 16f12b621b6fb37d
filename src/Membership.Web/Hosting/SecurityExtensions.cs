namespace Membership.Web.Hosting;

/// <summary>
/// Security headers on every response, rate limits on the account actions attackers repeat, no
/// cross-site changes through the JSON API, and no input the database cannot store.
/// </summary>
public static class SecurityExtensions
{
    public static WebApplicationBuilder AddSecurity(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SecurityHeaders>();
        // The hosting layer logs every request's full URL, and mailed links carry one-time codes in theirs
        // (confirm email, reset password): those lines must not reach the logs. Off entirely: while its
        // logger is on at all, hosting also starts an Activity and a log scope for every request, hot path
        // included (RequestLogScope gives the requests that reach the middleware their trace id and path).
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.AddAccountRateLimits();
        return builder;
    }

    /// <summary>First in the pipeline, so static files, errors and 429s carry the headers too.</summary>
    public static WebApplication UseSecurity(this WebApplication app)
    {
        var headers = app.Services.GetRequiredService<SecurityHeaders>();
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                headers.Apply(context);
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseRateLimiter();
        app.UseMiddleware<CrossSiteRequestGuard>();
        app.UseMiddleware<RequestTextGuard>();
        return app;
    }
}
