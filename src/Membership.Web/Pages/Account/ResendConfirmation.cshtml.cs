using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[AllowAnonymous]
public sealed class ResendConfirmationModel(UserManager<Reader> users, AccountMail mail) : PageModel
{
    [BindProperty]
    public EmailInput Input { get; set; } = new();

    public void OnGet()
    {
        if (User.Identity?.IsAuthenticated == true)
            Input.Email = User.Identity.Name ?? "";
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        // The same answer whether or not the address has an account, or is already confirmed.
        if (await users.FindByEmailAsync(Input.Email) is { Email: { } address } reader && !await users.IsEmailConfirmedAsync(reader))
            mail.ConfirmEmail(address, reader.Id, IdentityCodes.Encode(await users.GenerateEmailConfirmationTokenAsync(reader)));
        TempData.Success($"If {Input.Email} has an account waiting for confirmation, we have sent it a new link. The link works for one day.");
        return RedirectToPage();
    }
}
