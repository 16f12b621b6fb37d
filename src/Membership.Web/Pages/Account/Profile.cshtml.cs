using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[Authorize]
public sealed class ProfileModel(UserManager<Reader> users) : PageModel
{
    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        Input.DisplayName = reader.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        reader.DisplayName = Input.DisplayName?.Trim() is { Length: > 0 } name ? name : null;
        var result = await users.UpdateAsync(reader);
        if (!result.Succeeded)
        {
            ModelState.AddIdentityErrors(result);
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        TempData.Success(reader.DisplayName is null ? "Your display name is removed." : "Your display name is saved.");
        return RedirectToPage("/Account/Index");
    }
}

public sealed class ProfileInput
{
    [StringLength(100, ErrorMessage = "A display name has at most 100 characters.")]
    public string? DisplayName { get; set; }
}
