using System.ComponentModel.DataAnnotations;
using Membership.Web.Accounts;

namespace Membership.Web.Pages.Account;

/// <summary>
/// The one-field form of the pages that mail an address (forgot password, resend confirmation). As in every
/// form here, a required string starts null: the binder fills it, and [Required] vouches for it once ModelState is valid.
/// </summary>
public sealed class EmailInput
{
    [Required(ErrorMessage = "Enter your email address.")]
    [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
    [StringLength(ReaderLengthValidator.MaxEmailLength, ErrorMessage = "An email address has at most 254 characters.")]
    public string Email { get; set; } = null!;
}
