using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[Authorize]
public sealed class ChangePasswordModel(UserManager<Reader> users, SignInManager<Reader> signIn) : PageModel
{
    [BindProperty]
    public ChangePasswordInput Input { get; set; } = new();

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        // Checked through the sign-in manager, so wrong guesses are throttled (SignInThrottle).
        var check = await signIn.CheckPasswordSignInAsync(reader, Input.CurrentPassword, lockoutOnFailure: true);
        if (!check.Succeeded)
        {
            ModelState.AddModelError("Input.CurrentPassword", HttpContext.Features.Get<SignInHeldBack>() is { } heldBack
                ? heldBack.Message
                : "That is not your current password.");
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        var result = await users.ChangePasswordAsync(reader, Input.CurrentPassword, Input.NewPassword);
        if (!result.Succeeded)
        {
            ModelState.AddIdentityErrors(result, passwordField: "Input.NewPassword");
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        // The new security stamp signs out every other session; this one gets a fresh cookie.
        await signIn.RefreshSignInAsync(reader);
        TempData.Success("Your password is changed.");
        return RedirectToPage("/Account/Index");
    }
}

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "Enter your current password.")]
    [StringLength(1000, ErrorMessage = "A password has at most 1000 characters.")]
    public string CurrentPassword { get; set; } = null!;

    [Required(ErrorMessage = "Choose a new password.")]
    [StringLength(1000, ErrorMessage = "A password has at most 1000 characters.")]
    public string NewPassword { get; set; } = null!;

    [Required(ErrorMessage = "Type the new password again.")]
    [Compare(nameof(NewPassword), ErrorMessage = "The two passwords are not the same.")]
    public string ConfirmPassword { get; set; } = null!;
}
