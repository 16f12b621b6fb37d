using System.Diagnostics;
using Npgsql;
using OpenTelemetry.Trace;

namespace Membership.Web.Hosting;

/// <summary>
/// OpenTelemetry traces, exported over OTLP only when an endpoint is set (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// or <c>Membership__OtlpEndpoint</c>): ASP.NET Core, HttpClient (Stripe and outbound webhooks), Npgsql and
/// the <see cref="Source"/> of our own work (the Stripe event worker). Without an endpoint no tracer is
/// registered, so nothing listens and <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> costs a null check.
/// </summary>
public static class MembershipTracing
{
    public const string SourceName = "Membership";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly string[] Untraced = ["/healthz", "/readyz", "/metrics"];

    public static WebApplicationBuilder AddTracing(this WebApplicationBuilder builder, OpenTelemetry.OpenTelemetryBuilder telemetry)
    {
        var ownEndpoint = builder.Configuration["Membership:OtlpEndpoint"];
        var standardEndpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];
        if (string.IsNullOrWhiteSpace(ownEndpoint) && string.IsNullOrWhiteSpace(standardEndpoint))
            return builder;
        Uri? endpoint = null;
        if (!string.IsNullOrWhiteSpace(ownEndpoint) && (!Uri.TryCreate(ownEndpoint, UriKind.Absolute, out endpoint) || endpoint.Scheme is not ("http" or "https")))
            throw new MissingSettingException("Membership__OtlpEndpoint must be an absolute http(s) URL such as http://otel-collector:4317.");
        telemetry.WithTracing(tracing => tracing
            .AddSource(SourceName)
            .AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = http => !Untraced.Any(p => http.Request.Path.StartsWithSegments(p)))
            .AddHttpClientInstrumentation()
            .AddNpgsql()
            // The standard OTEL_EXPORTER_OTLP_* variables (endpoint, protocol, headers) are read by the exporter itself.
            .AddOtlpExporter(otlp =>
            {
                if (endpoint is not null)
                    otlp.Endpoint = endpoint;
            }));
        return builder;
    }
}
