using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[AllowAnonymous]
public sealed class RegisterModel(UserManager<Reader> users, AccountMail mail, ReturnUrls returnUrls) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? CarriedReturnUrl => returnUrls.SafeOrNull(ReturnUrl);

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        var reader = new Reader { UserName = Input.Email, Email = Input.Email, DisplayName = Input.DisplayName?.Trim() is { Length: > 0 } name ? name : null };
        var result = await users.CreateAsync(reader, Input.Password);
        if (result.Succeeded)
        {
            mail.ConfirmEmail(Input.Email, reader.Id, IdentityCodes.Encode(await users.GenerateEmailConfirmationTokenAsync(reader)), CarriedReturnUrl);
        }
        else if (result.Errors.All(IdentityErrorFields.RevealsAnAccount))
        {
            // The address has an account: answer as for a new one, and tell the owner instead.
            if (await users.FindByEmailAsync(Input.Email) is { Email: { } owner })
                mail.RegistrationAttempt(owner);
        }
        else
        {
            ModelState.AddIdentityErrors(result);
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        TempData[CheckEmailModel.AddressKey] = Input.Email;
        return RedirectToPage("/Account/CheckEmail", new { returnUrl = CarriedReturnUrl });
    }
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(ReaderLengthValidator.MaxEmailLength, ErrorMessage = "An email address has at most 254 characters.")]
    public string Email { get; set; } = null!;

    [StringLength(100, ErrorMessage = "A display name has at most 100 characters.")]
    public string? DisplayName { get; set; }

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(1000, ErrorMessage = "A password has at most 1000 characters.")]
    public string Password { get; set; } = null!;

    [Required(ErrorMessage = "Type your password again.")]
    [Compare(nameof(Password), ErrorMessage = "The two passwords are not the same.")]
    public string ConfirmPassword { get; set; } = null!;
}
