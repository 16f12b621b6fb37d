using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.WebUtilities;

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

/// <summary>Identity's tokens travel in links Base64Url-encoded, exactly as its own JSON endpoints expect them.</summary>
public static class IdentityCodes
{
    public static string Encode(string token) => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));

    public static string? Decode(string? code)
    {
        if (string.IsNullOrEmpty(code))
            return null;
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public static class PasswordRules
{
    public const string Hint = "At least 10 characters, with an upper-case and a lower-case letter, a digit and a symbol.";
}
