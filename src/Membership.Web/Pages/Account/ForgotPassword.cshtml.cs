using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[AllowAnonymous]
public sealed class ForgotPasswordModel(UserManager<Reader> users, AccountMail mail) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        // Like Identity's own endpoint: only confirmed addresses get a link, and the answer is the same either way.
        if (await users.FindByEmailAsync(Input.Email) is { Email: { } address } reader && await users.IsEmailConfirmedAsync(reader))
            mail.ResetPassword(address, IdentityCodes.Encode(await users.GeneratePasswordResetTokenAsync(reader)));
        TempData.Success($"If {Input.Email} belongs to an account with a confirmed address, we have sent it a link to reset the password. The link works for one day.");
        return RedirectToPage();
    }
}
