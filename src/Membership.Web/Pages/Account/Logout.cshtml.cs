using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Membership.Web.Pages.Account;

/// <summary>Signing out is a POST (a link or an image on another site must not sign a reader out); GET asks first.</summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<Reader> signIn, ReturnUrls returnUrls, IOptions<MembershipOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string SiteName => options.Value.SiteName;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        TempData.Success("You are signed out.");
        return Redirect(returnUrls.Resolve(ReturnUrl, fallback: "/"));
    }
}
