using Membership.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

/// <summary>
/// Where confirmation links land, for a new account and for a change of address (then with changedEmail),
/// whether the link came from these pages or from Identity's JSON endpoints: the token format is the same.
/// </summary>
[AllowAnonymous]
public sealed class ConfirmEmailModel(UserManager<Reader> users, SignInManager<Reader> signIn, AccountMail mail, ReturnUrls returnUrls) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? UserId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ChangedEmail { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Confirmed { get; private set; }
    public string? ChangedTo { get; private set; }
    public string Problem { get; private set; } = "This confirmation link is not valid: it may have expired, been replaced by a newer one, or been cut short.";
    public string? CarriedReturnUrl => returnUrls.SafeOrNull(ReturnUrl);

    public async Task<IActionResult> OnGetAsync()
    {
        var token = IdentityCodes.Decode(Code);
        var reader = Guid.TryParse(UserId, out var id) ? await users.FindByIdAsync(id.ToString()) : null;
        if (reader is null || token is null)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        if (string.IsNullOrEmpty(ChangedEmail))
        {
            if (!(await users.ConfirmEmailAsync(reader, token)).Succeeded)
                return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        else if (!await ChangeEmailAsync(reader, ChangedEmail, token))
        {
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        Confirmed = true;
        return Page();
    }

    private async Task<bool> ChangeEmailAsync(Reader reader, string newEmail, string token)
    {
        var oldEmail = reader.Email;
        var result = await users.ChangeEmailAsync(reader, newEmail, token);
        if (result.Errors.Any(IdentityErrorFields.RevealsAnAccount))
            Problem = "Another account uses that address now, so yours keeps its old one.";
        if (!result.Succeeded)
            return false;
        // Email and user name are one and the same here, as in Identity's own endpoints.
        if (!(await users.SetUserNameAsync(reader, newEmail)).Succeeded)
            return false;

        ChangedTo = newEmail;
        if (oldEmail is not null && !string.Equals(oldEmail, newEmail, StringComparison.OrdinalIgnoreCase))
            mail.EmailChanged(oldEmail, newEmail);
        if (User.Identity?.IsAuthenticated == true && users.GetUserId(User) == reader.Id.ToString())
            await signIn.RefreshSignInAsync(reader);
        return true;
    }
}
