using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[Authorize]
public sealed class ChangeEmailModel(UserManager<Reader> users, SignInManager<Reader> signIn, AccountMail mail) : PageModel
{
    [BindProperty]
    public ChangeEmailInput Input { get; set; } = new();

    public string? CurrentEmail { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        CurrentEmail = reader.Email;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        CurrentEmail = reader.Email;
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        var check = await signIn.CheckPasswordSignInAsync(reader, Input.Password, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            ModelState.AddModelError("Input.Password", HttpContext.Features.Get<SignInHeldBack>() is { } heldBack
                ? heldBack.Message
                : "That is not your password.");
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        if (string.Equals(Input.NewEmail, reader.Email, StringComparison.OrdinalIgnoreCase))
        {
            ModelState.AddModelError("Input.NewEmail", "That is already your email address.");
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }

        // Whether another account has the address is for the confirmation page to say, to whoever owns that mailbox.
        var token = await users.GenerateChangeEmailTokenAsync(reader, Input.NewEmail);
        mail.ConfirmEmailChange(Input.NewEmail, reader.Id, IdentityCodes.Encode(token));
        TempData.Success($"We have sent a link to {Input.NewEmail}. Your address changes when you open it; until then, keep using {reader.Email}.");
        return RedirectToPage("/Account/Index");
    }
}

public sealed class ChangeEmailInput
{
    [Required(ErrorMessage = "Enter the new email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(ReaderLengthValidator.MaxEmailLength, ErrorMessage = "An email address has at most 254 characters.")]
    public string NewEmail { get; set; } = null!;

    [Required(ErrorMessage = "Enter your password.")]
    [StringLength(1000, ErrorMessage = "A password has at most 1000 characters.")]
    public string Password { get; set; } = null!;
}
