namespace Membership.Web.Admin;

/// <summary>The admin console: its JSON API under /api/v1/admin and the audit log every admin change writes.</summary>
public static class AdminExtensions
{
    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<AuditLog>();
        return builder;
    }

    public static WebApplication MapAdmin(this WebApplication app) => app;
}
