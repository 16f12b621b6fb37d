using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

public static class AccountsExtensions
{
    public const string AdminRole = "Admin";

    /// <summary>The default scheme AddIdentityApiEndpoints sets up (IdentityConstants keeps its name internal).</summary>
    private const string BearerAndApplicationScheme = "Identity.BearerAndApplication";

    /// <summary>The scheme that authenticates every request: the cookie's, or Identity's API scheme when a token is sent.</summary>
    public const string SessionScheme = "Membership.Session";

    public static WebApplicationBuilder AddAccounts(this WebApplicationBuilder builder)
    {
        builder.Services.AddIdentityApiEndpoints<Reader>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 10;
                // No lockout (ReaderManager.SupportsUserLockout): SignInThrottle slows guessing per address and network.
            })
            .AddUserValidator<ReaderLengthValidator>()
            .AddUserManager<ReaderManager>()
            .AddSignInManager<ReaderSignInManager>()
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
            cookie.LogoutPath = "/account/logout";
            cookie.AccessDeniedPath = "/account/access-denied";
            // Set on Identity's own events object: replacing it would drop its security-stamp check, and with it
            // the end of other sessions after a password change or a deletion.
            // APIs answer with status codes; only pages redirect to the sign-in page.
            cookie.Events.OnRedirectToLogin = context => ApiOrRedirect(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => ApiOrRedirect(context, StatusCodes.Status403Forbidden);
            cookie.Events.OnValidatePrincipal = SecurityStampCheck.OnlyWhenDue(cookie.Events.OnValidatePrincipal);
        });
        // After Identity's own post-configuration, which creates the cookie's format: decrypt each cookie once.
        builder.Services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme).PostConfigure<TimeProvider>((cookie, time) =>
        {
            ArgumentNullException.ThrowIfNull(cookie.TicketDataFormat);
            cookie.TicketDataFormat = new DecryptedCookieCache(cookie.TicketDataFormat, time);
        });
        // A changed password (or a deleted account) signs the reader out everywhere within a minute: cookies and bearer tokens.
        builder.Services.Configure<SecurityStampValidatorOptions>(stamp => stamp.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.AddSingleton<BearerStampCheck>();
        builder.Services.AddSingleton<KnownSessions>();
        builder.Services.AddOptions<BearerTokenOptions>(IdentityConstants.BearerScheme).PostConfigure<BearerStampCheck>(BearerStampCheck.Attach);
        // Who a request is: Identity's API scheme asks its bearer handler first and the sign-in cookie when
        // the bearer handler finds no token. A request without an Authorization header has none, so it goes
        // to the cookie straight away (the same answer, without a second handler on every page view).
        builder.Services.AddAuthentication(options => options.DefaultAuthenticateScheme = SessionScheme)
            .AddPolicyScheme(SessionScheme, displayName: null, policy => policy.ForwardDefaultSelector = http =>
                http.Request.Headers.Authorization.Count == 0 ? IdentityConstants.ApplicationScheme : BearerAndApplicationScheme);
        // Identity's API scheme sends challenges to the bearer handler, which answers 401 even to a page;
        // the cookie handler answers pages with the sign-in page and APIs with 401/403 (see ApiOrRedirect).
        builder.Services.PostConfigure<AuthenticationSchemeOptions>(BearerAndApplicationScheme, composite =>
        {
            composite.ForwardChallenge = IdentityConstants.ApplicationScheme;
            composite.ForwardForbid = IdentityConstants.ApplicationScheme;
        });
        builder.Services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.Configure<CookieTempDataProviderOptions>(tempData =>
        {
            tempData.Cookie.HttpOnly = true;
            tempData.Cookie.SameSite = SameSiteMode.Lax;
            tempData.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AuthorizationPolicies.Admin, policy => policy.RequireRole(AdminRole));
        builder.Services.AddHostedService<AdminBootstrapper>();

        builder.Services.AddSingleton<ReturnUrls>();
        builder.Services.AddScoped<SignInThrottle>();
        builder.Services.AddScoped<SignInCodes>();
        builder.AddAccountMail();
        return builder;
    }

    public static WebApplication MapAccounts(this WebApplication app)
    {
        // An email, a password or two and a code: far below this.
        var identity = app.MapGroup("/api/v1/account").WithTags("Account").WithBodyLimit(16 * 1024).MapIdentityApi<Reader>();
        identity.Add(endpoint =>
        {
            if (endpoint is not RouteEndpointBuilder { RoutePattern.RawText: { } route })
                return;
            if (route.EndsWith("/register", StringComparison.Ordinal))
                AddFilter<RegistrationWithoutEnumeration>(endpoint);
            else if (route.EndsWith("/confirmEmail", StringComparison.Ordinal))
                AddFilter<ConfirmEmailInput>(endpoint);
            else if (route.EndsWith("/login", StringComparison.Ordinal))
                AddFilter<HeldBackSignInAnswer>(endpoint);
        });
        app.MapSignInCodeApi();
        return app;
    }

    /// <summary>Identity's endpoints are mapped for us; a filter is how we change one's answers.</summary>
    private static void AddFilter<TFilter>(EndpointBuilder endpoint) where TFilter : IEndpointFilter =>
        endpoint.FilterFactories.Add((factory, next) =>
        {
            var filter = ActivatorUtilities.CreateInstance<TFilter>(factory.ApplicationServices);
            return context => filter.InvokeAsync(context, next);
        });

    private static void AddAccountMail(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<SmtpOptions>().BindConfiguration(SmtpOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<SmtpOptions>, SmtpOptionsValidator>();
        builder.Services.AddSingleton<IMailDelivery>(sp => string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<SmtpOptions>>().Value.Host)
            ? ActivatorUtilities.CreateInstance<PickupDirectoryMailDelivery>(sp)
            : ActivatorUtilities.CreateInstance<SmtpMailDelivery>(sp));
        builder.Services.AddSingleton<MailOutbox>();
        builder.Services.AddHostedService<MailOutboxWorker>();
        builder.Services.AddSingleton<AccountLinks>();
        builder.Services.AddSingleton<AccountMail>();
        builder.Services.AddSingleton<IEmailSender<Reader>, ReaderEmailSender>();
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
