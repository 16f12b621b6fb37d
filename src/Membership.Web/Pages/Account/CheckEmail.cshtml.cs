using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[AllowAnonymous]
public sealed class CheckEmailModel(ReturnUrls returnUrls) : PageModel
{
    public const string AddressKey = "check-email.address";

    /// <summary>Where the reader was going (e.g. the join page with its plan and article): carried to sign-in.</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? CarriedReturnUrl => returnUrls.SafeOrNull(ReturnUrl);

    public string? Address { get; private set; }

    public void OnGet() => Address = TempData[AddressKey] as string;
}
