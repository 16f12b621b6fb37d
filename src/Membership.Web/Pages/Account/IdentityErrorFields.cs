using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Membership.Web.Pages.Account;

/// <summary>Puts Identity's errors next to the field they are about.</summary>
public static class IdentityErrorFields
{
    public static bool RevealsAnAccount(IdentityError error) =>
        error.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName);

    public static void AddIdentityErrors(this ModelStateDictionary modelState, IdentityResult result,
        string passwordField = "Input.Password", string emailField = "Input.Email")
    {
        foreach (var error in result.Errors.Where(e => !RevealsAnAccount(e)))
        {
            var field = error.Code switch
            {
                _ when error.Code.StartsWith("Password", StringComparison.Ordinal) && error.Code != nameof(IdentityErrorDescriber.PasswordMismatch) => passwordField,
                "InvalidEmail" or "InvalidUserName" or "EmailTooLong" => emailField,
                "DisplayNameTooLong" => "Input.DisplayName",
                _ => string.Empty,
            };
            modelState.AddModelError(field, error.Description);
        }
    }
}
