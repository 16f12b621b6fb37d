using Membership.Web.Plans;

namespace Membership.Web.Admin;

/// <summary>The admin console: its JSON API under /api/v1/admin, the services its pages share with it, and the audit log.</summary>
public static class AdminExtensions
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<ComplimentaryGrants>();
        builder.Services.AddScoped<GrantList>();
        builder.Services.AddScoped<BillingRepairs>();
        builder.Services.AddScoped<PlanEditor>();
        builder.Services.AddScoped<PlanSubscribers>();
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
        app.MapPlansAdminApi();
        return app;
    }
}
