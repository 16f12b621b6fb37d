using Membership.Web.Accounts;
using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.ApiKeys;

/// <summary>Site and admin API keys: issued by admins, stored hashed, checked on every site call.</summary>
public static class ApiKeysExtensions
{
    public static WebApplicationBuilder AddApiKeys(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ApiKeyRing>();
        builder.Services.AddScoped<ApiKeyAdmin>();
        builder.Services.AddSingleton<IChangeSubscriber>(sp => sp.GetRequiredService<ApiKeyRing>());
        builder.Services.AddSingleton<ApiKeyUsage>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsage>());
        builder.Services.AddHostedService<ApiKeyBootstrapper>();
        builder.Services.AddSingleton<IValidateOptions<MembershipOptions>, BootstrapApiKeyValidator>();

        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddOptions<AuthorizationOptions>().PostConfigure<IOptions<AuthenticationOptions>>(AcceptAdminKeys);
        builder.Services.PostConfigure<BearerTokenOptions>(IdentityConstants.BearerScheme, LeaveApiKeysToTheirScheme);
        return builder;
    }

    public static WebApplication MapApiKeys(this WebApplication app)
    {
        app.MapApiKeysAdminApi();
        return app;
    }

    /// <summary>
    /// The Admin policy (a role) is defined by Accounts for signed-in admins; here it also learns to
    /// authenticate an admin key, whose principal carries the same role.
    /// </summary>
    private static void AcceptAdminKeys(AuthorizationOptions options, IOptions<AuthenticationOptions> authentication)
    {
        var admin = options.GetPolicy(AuthorizationPolicies.Admin)
            ?? throw new InvalidOperationException("The Admin policy must be registered before API keys extend it.");
        // Naming schemes replaces the default one, so the default (Identity's cookie or bearer) is named too.
        var usual = authentication.Value.DefaultAuthenticateScheme ?? authentication.Value.DefaultScheme
            ?? throw new InvalidOperationException("No default authentication scheme for admins who sign in.");
        options.AddPolicy(AuthorizationPolicies.Admin, new AuthorizationPolicyBuilder(admin)
            .AddAuthenticationSchemes(usual, ApiKeyAuthenticationHandler.SchemeName)
            .Build());
    }

    /// <summary>
    /// Identity's bearer scheme would otherwise try to decrypt every API key as one of its tokens (and
    /// throw inside). A token that starts like a known key is ours: Identity gets no result and moves on.
    /// </summary>
    private static void LeaveApiKeysToTheirScheme(BearerTokenOptions options)
    {
        options.Events ??= new BearerTokenEvents();
        var previous = options.Events.OnMessageReceived;
        options.Events.OnMessageReceived = async context =>
        {
            await previous(context);
            if (context.Result is null
                && ApiKeyAuthenticationHandler.TryReadBearer(context.Request, out var token)
                && context.HttpContext.RequestServices.GetRequiredService<ApiKeyRing>().HasPrefix(token.Span))
                context.NoResult();
        };
    }
}
