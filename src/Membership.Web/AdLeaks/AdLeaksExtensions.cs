using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Membership.Web.AdLeaks;

/// <summary>Ad-leak telemetry: the snippet's reports, counted per day and path, and the admin's view of them.</summary>
public static class AdLeaksExtensions
{
    public static WebApplicationBuilder AddAdLeaks(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AdLeaksOptions>().BindConfiguration(AdLeaksOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdLeaksOptions>, AdLeaksOptionsValidator>();
        services.AddSingleton<AdLeakTally>();
        services.AddHostedService(sp => sp.GetRequiredService<AdLeakTally>());
        services.AddScoped<AdLeakStatistics>();
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<AdLeaksOptions>>((limiter, leaks) =>
            limiter.AddPolicy(AdLeaksApi.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = leaks.Value.ReportsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 })));
        return builder;
    }

    public static WebApplication MapAdLeaks(this WebApplication app)
    {
        app.MapAdLeaksApi();
        return app;
    }
}
