using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>
/// Identity's security-stamp check builds a SignInManager, a UserManager and a DbContext on every
/// request before it decides whether the cookie is old enough to check. Deciding that first keeps
/// the reader's hot path (the site's <c>/api/v1/me/entitlements</c> on every page view) free of them.
/// </summary>
public static class SecurityStampCheck
{
    public static Func<CookieValidatePrincipalContext, Task> OnlyWhenDue(Func<CookieValidatePrincipalContext, Task> identityCheck) =>
        context =>
        {
            var options = context.HttpContext.RequestServices.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value;
            var now = (options.TimeProvider ?? TimeProvider.System).GetUtcNow();
            return context.Properties.IssuedUtc is { } issued && now - issued <= options.ValidationInterval
                ? Task.CompletedTask
                : identityCheck(context);
        };
}
