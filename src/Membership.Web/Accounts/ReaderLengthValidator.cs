using Microsoft.AspNetCore.Identity;

namespace Membership.Web.Accounts;

/// <summary>Identity checks an email's shape but not its length; the columns hold 256 characters.</summary>
public sealed class ReaderLengthValidator : IUserValidator<Reader>
{
    public const int MaxEmailLength = 254; // the longest address SMTP allows

    public Task<IdentityResult> ValidateAsync(UserManager<Reader> manager, Reader user)
    {
        if (user.Email?.Length > MaxEmailLength || user.UserName?.Length > MaxEmailLength)
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "EmailTooLong", Description = $"An email address has at most {MaxEmailLength} characters." }));
        if (user.DisplayName?.Length > 100)
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "DisplayNameTooLong", Description = "A display name has at most 100 characters." }));
        return Task.FromResult(IdentityResult.Success);
    }
}
