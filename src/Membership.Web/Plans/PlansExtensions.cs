namespace Membership.Web.Plans;

/// <summary>The plan catalogue: plans and their Stripe products and prices, kept in step at start, and their admin API.</summary>
public static class PlansExtensions
{
    public static WebApplicationBuilder AddPlans(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlanCatalogOptions>().BindConfiguration(PlanCatalogOptions.Section).ValidateOnStart();
        builder.Services.AddScoped<PlanCatalog>();
        builder.Services.AddScoped<StripePlanPrices>();
        builder.Services.AddScoped<PlanEditor>();
        builder.Services.AddScoped<PlanSubscribers>();
        builder.Services.AddHostedService<PlanCatalogStartup>();
        return builder;
    }

    public static WebApplication MapPlans(this WebApplication app)
    {
        app.MapPlansAdminApi();
        return app;
    }
}
