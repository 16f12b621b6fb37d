namespace Membership.Web.Grants;

/// <summary>Complimentary grants as admins give and end them: the service, the list, and the admin API.</summary>
public static class GrantsExtensions
{
    public static WebApplicationBuilder AddGrants(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ComplimentaryGrants>();
        builder.Services.AddScoped<GrantList>();
        return builder;
    }

    public static WebApplication MapGrants(this WebApplication app)
    {
        app.MapGrantsAdminApi();
        return app;
    }
}
