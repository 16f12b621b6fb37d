using Membership.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;

namespace Membership.Web.Accounts;

public static class AccountsExtensions
{
    public const string AdminRole = "Admin";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentityApiEndpoints<Reader>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddUserValidator<ReaderLengthValidator>()
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<MembershipDbContext>();

        // Shared by every instance, so a cookie issued by one is read by all.
        builder.Services.AddDataProtection().PersistKeysToDbContext<MembershipDbContext>().SetApplicationName("Membership");

        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/login";
            cookie.Events = new CookieAuthenticationEvents
            {
                // APIs answer with status codes; only pages redirect to the sign-in page.
                OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized),
                OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden),
            };
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy.RequireRole(AdminRole));
        builder.Services.AddHostedService<AdminBootstrapper>();
        return builder;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        app.MapGroup("/api/v1/account").WithTags("Account").MapIdentityApi<Reader>();
        app.MapMeApi();
        return app;
    }

    private static Task ApiOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            context.Response.StatusCode = status;
        else
            context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
