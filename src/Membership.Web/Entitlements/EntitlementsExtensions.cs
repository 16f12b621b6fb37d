namespace Membership.Web.Entitlements;

public static class EntitlementsExtensions
{
    public static WebApplicationBuilder AddEntitlements(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReaderEntitlements>();
        return builder;
    }

    public static WebApplication MapEntitlements(this WebApplication app)
    {
        app.MapGrantsAdminApi();
        return app;
    }
}
