using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[AllowAnonymous]
public sealed class ResetPasswordModel(UserManager<Reader> users) : PageModel
{
    private const string InvalidLink = "This reset link is not valid for that email address, or it has expired or been used. Ask for a new one.";

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public ResetPasswordInput Input { get; set; } = new();

    public IActionResult OnGet() => string.IsNullOrEmpty(Code) ? this.WithStatus(StatusCodes.Status400BadRequest) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrEmpty(Code))
            return this.WithStatus(StatusCodes.Status400BadRequest);
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        // An unknown address and a bad token get the same answer.
        var reader = await users.FindByEmailAsync(Input.Email);
        var token = IdentityCodes.Decode(Code);
        if (reader is null || token is null || !await users.IsEmailConfirmedAsync(reader))
            return InvalidLinkPage();
        var result = await users.ResetPasswordAsync(reader, token, Input.Password);
        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken)))
                return InvalidLinkPage();
            ModelState.AddIdentityErrors(result);
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }

        TempData.Success("Your password has been changed. Sign in with your new password.");
        return RedirectToPage("/Account/Login");
    }

    private PageResult InvalidLinkPage()
    {
        ModelState.AddModelError(string.Empty, InvalidLink);
        return this.WithStatus(StatusCodes.Status400BadRequest);
    }
}

public sealed class ResetPasswordInput
{
    [Required(ErrorMessage = "Enter the email address of your account.")]
    [StringLength(ReaderLengthValidator.MaxEmailLength, ErrorMessage = "An email address has at most 254 characters.")]
    public string Email { get; set; } = null!;

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(1000, ErrorMessage = "A password has at most 1000 characters.")]
    public string Password { get; set; } = null!;

    [Required(ErrorMessage = "Type the new password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    public string ConfirmPassword { get; set; } = null!;
}
