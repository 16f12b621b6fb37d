using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace Membership.Web.Hosting;

/// <summary>What every instance needs before any feature: settings, errors, logs, health, docs, metrics.</summary>
public static class HostingExtensions
{
    private static readonly string[] EfCoreErrorCategories =
    [
        "Microsoft.EntityFrameworkCore.Database.Command", "Microsoft.EntityFrameworkCore.Database.Connection",
        "Microsoft.EntityFrameworkCore.Database.Transaction", "Microsoft.EntityFrameworkCore.Query", "Microsoft.EntityFrameworkCore.Update",
    ];

    public static WebApplicationBuilder AddHosting(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<MembershipOptions>().BindConfiguration(MembershipOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MembershipOptions>, MembershipOptionsValidator>();
        builder.Services.AddSingleton(TimeProvider.System);

        // A clean stop (SIGTERM) drains in-flight requests and the event worker for up to this long.
        var shutdownTimeout = builder.Configuration.GetValue<TimeSpan?>("Membership:ShutdownTimeout") ?? TimeSpan.FromSeconds(20);
        if (shutdownTimeout <= TimeSpan.Zero)
            throw new OptionsValidationException("Membership:ShutdownTimeout", typeof(HostOptions), ["Membership__ShutdownTimeout must be positive (e.g. 00:00:20)."]);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = shutdownTimeout);

        // Every line carries the trace and span id of the request or worker activity it belongs to.
        builder.Logging.Configure(logging => logging.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        if (!builder.Environment.IsDevelopment())
            builder.Logging.ClearProviders().AddJsonConsole(json =>
            {
                json.UseUtcTimestamp = true;
                json.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                json.IncludeScopes = true;
            });

        UsePublicAndManagementUrls(builder);
        builder.Services.AddSingleton<OperationalEndpoints>();

        // Browsers get error pages in words (HtmlErrorPages), asked before the JSON writer AddProblemDetails adds.
        builder.Services.AddSingleton<IProblemDetailsWriter, HtmlErrorPages>();
        builder.Services.AddProblemDetails();
        // An unhandled exception is logged in one line (UnhandledExceptionLog), never with its stack trace.
        builder.Services.AddExceptionHandler<BadInputExceptionHandler>();
        builder.Services.AddExceptionHandler<StripeFailureHandler>();
        builder.Services.AddExceptionHandler<UnhandledExceptionLog>();
        builder.Services.Configure<ExceptionHandlerOptions>(handler => handler.SuppressDiagnosticsCallback = _ => true);
        // EF Core logs a failed command with its SQL, and a failed query, save, connection or transaction with
        // a stack trace. The exception still reaches our code (and the line above), so these add nothing but
        // what must never be logged.
        foreach (var category in EfCoreErrorCategories)
            builder.Logging.AddFilter(category, LogLevel.None);
        // Malformed JSON is the caller's mistake in every environment: a 400 problem, never a 500.
        builder.Services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = false);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new UtcTimestampJsonConverter()));
        builder.Services.AddOpenApi();
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(AspNetCoreMeters)
            .AddMeter(MembershipMetrics.MeterName)
            .AddPrometheusExporter());
        builder.AddTracing(telemetry);
        builder.Services.AddSingleton<MembershipMetrics>();
        return builder;
    }

    /// <summary>
    /// The public URLs (ASPNETCORE_URLS, else Membership__Port on loopback, else ASPNETCORE_HTTP_PORTS, else
    /// Kestrel's default) plus the management listener. Kestrel endpoints configured in code (a test host's
    /// UseKestrel) replace these URLs, as Kestrel always does.
    /// </summary>
    private static void UsePublicAndManagementUrls(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var urls = FirstSet(configuration["urls"], configuration["ASPNETCORE_URLS"]);
        var port = configuration.GetValue<int?>("Membership:Port");
        if (urls is null && port is not null)
            urls = $"http://127.0.0.1:{port}";
        if (urls is null && FirstSet(configuration["http_ports"], configuration["ASPNETCORE_HTTP_PORTS"]) is { } httpPorts)
            urls = string.Join(';', httpPorts.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(p => $"http://*:{p}"));
        urls ??= "http://localhost:5000";
        if (OperationalEndpoints.ManagementUrl(configuration) is { } management)
            urls += ";" + management;
        builder.WebHost.UseUrls(urls);
    }

    /// <summary>
    /// ASP.NET Core's meters worth a series on /metrics: requests and their duration, connections, routing,
    /// unhandled exceptions, rate limiting, Identity. Not the ones AddAspNetCoreInstrumentation would add
    /// besides: authentication and authorization (a measurement for every scheme each request asks) and
    /// Kestrel's memory pool (one for every block rented): they cost the hot path more than they tell.
    /// </summary>
    private static readonly string[] AspNetCoreMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Identity",
    ];

    private static string? FirstSet(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    public static WebApplication UseHosting(this WebApplication app)
    {
        app.UseExceptionHandler(); // ExceptionHandlerOptions above: our handlers, and no diagnostics of its own
        app.UseStatusCodePages();
        // /metrics, /docs and /openapi on the management port (and the public one only where a setting says so).
        var operational = app.Services.GetRequiredService<OperationalEndpoints>();
        app.Use((context, next) =>
        {
            if (operational.Allows(context))
                return next(context);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        // UseStaticFiles rather than MapStaticAssets: the latter serves empty files under the test host.
        app.UseStaticFiles();
        return app;
    }

    public static WebApplication MapHosting(this WebApplication app)
    {
        // Alive asks nothing of anyone: answered as soon as routing matches it, as the health-check middleware
        // would answer with no checks ("Healthy", never cached), security headers from the hot path's filter.
        app.MapMethods("/healthz", [HttpMethods.Get, HttpMethods.Head], (HttpContext http) =>
        {
            http.Response.Headers.CacheControl = "no-store, no-cache";
            return TypedResults.Text("Healthy", "text/plain");
        }).AsHotPath().ExcludeFromDescription();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapOpenApi();
        app.MapScalarApiReference("/docs", options => options.WithTitle("Membership API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
