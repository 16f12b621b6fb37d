using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[AllowAnonymous]
public sealed class CheckEmailModel : PageModel
{
    public const string AddressKey = "check-email.address";

    public string? Address { get; private set; }

    public void OnGet() => Address = TempData[AddressKey] as string;
}
