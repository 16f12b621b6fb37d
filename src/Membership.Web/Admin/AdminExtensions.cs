using Membership.Web.AdminActions;

namespace Membership.Web.Admin;

/// <summary>
/// The admin console: its JSON API under /api/v1/admin for readers and metrics, the services its pages share with it,
/// and the audit log. Plans, grants and billing repairs own their admin APIs (<c>AddPlans</c>, <c>AddGrants</c>, <c>AddBilling</c>).
/// </summary>
public static class AdminExtensions
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<ReaderSearch>();
        builder.Services.AddScoped<ReaderProfiles>();
        builder.Services.AddScoped<ReaderTimeline>();
        builder.Services.AddScoped<StripeEventLog>();
        builder.Services.AddScoped<MemberMetrics>();
        builder.Services.AddScoped<ReadersCsvExport>();
        return builder;
    }

    public static WebApplication MapAdmin(this WebApplication app)
    {
        app.MapAdminReadersApi();
        app.MapAdminMetricsApi();
        return app;
    }
}
