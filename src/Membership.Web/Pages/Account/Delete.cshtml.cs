using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;
using Membership.Web.MyAccount;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[Authorize]
public sealed class DeleteModel(UserManager<Reader> users, SignInManager<Reader> signIn, AccountDeletion deletion) : PageModel
{
    [BindProperty]
    public DeleteInput Input { get; set; } = new();

    public string? Problem { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
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

        if (await deletion.DeleteAsync(reader, cancellationToken) is { } failure)
        {
            Problem = failure.ReaderMessage("your membership is not cancelled and nothing was deleted: you will not be billed for an account that is gone");
            return this.WithStatus(failure.HttpStatus);
        }
        await signIn.SignOutAsync();
        TempData.Success("Your account is deleted. Thank you for having been with us.");
        return Redirect("/");
    }
}

public sealed class DeleteInput
{
    [Required(ErrorMessage = "Enter your password to delete your account.")]
    [StringLength(1000, ErrorMessage = "A password has at most 1000 characters.")]
    public string Password { get; set; } = null!;
}
