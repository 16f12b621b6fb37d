using Membership.Web.ApiKeys;
using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

public static class EntitlementsExtensions
{
    public static WebApplicationBuilder AddEntitlements(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<EntitlementsOptions>().BindConfiguration(EntitlementsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EntitlementsOptions>, EntitlementsOptionsValidator>();

        // The read path: loader, cache, and the listener that keeps the cache true on every instance.
        services.AddSingleton<EntitlementFactsLoader>();
        services.AddSingleton<EntitlementMissBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<EntitlementMissBatcher>());
        services.AddScoped<ReaderEntitlements>();
        services.AddSingleton<EntitlementCache>();
        services.AddSingleton<IChangeSubscriber>(sp => sp.GetRequiredService<EntitlementCache>());
        services.AddSingleton<EntitlementMetrics>();
        services.AddSingleton<SiteEntitlements>();
        services.AddSingleton<SiteKeyRateLimit>();
        services.AddSingleton<ChangeListener>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeListener>());

        // The signed pass and its keys.
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<IChangeSubscriber>(sp => sp.GetRequiredService<SigningKeyRing>());
        services.AddSingleton<SigningKeyRotation>();
        services.AddHostedService(sp => sp.GetRequiredService<SigningKeyRotation>());
        services.AddSingleton<PassTokens>();
        services.AddSingleton<AdFreePass>();
        services.AddSingleton<AdFreeSnippet>();
        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure(PassCookieEvents.Attach);

        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, EntitlementJson.Default));

        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<MembershipOptions>>((cors, membership) =>
            cors.AddPolicy(MyEntitlementsApi.SiteOriginsCorsPolicy, policy => policy
                .WithOrigins([.. membership.Value.SiteOriginList()])
                .WithMethods(HttpMethods.Get)
                .AllowCredentials()));
        return builder;
    }

    public static WebApplication MapEntitlements(this WebApplication app)
    {
        app.MapSiteEntitlementsApi();
        app.MapMyEntitlementsApi();
        app.MapPassApi();
        app.MapAdFreeSnippet();
        return app;
    }
}
