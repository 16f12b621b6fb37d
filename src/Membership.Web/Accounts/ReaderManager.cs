using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>Identity's user manager, stamping <see cref="Reader.CreatedAt"/> however the account is made (page, JSON, bootstrap).</summary>
public sealed class ReaderManager(
    IUserStore<Reader> store, IOptions<IdentityOptions> options, IPasswordHasher<Reader> passwordHasher,
    IEnumerable<IUserValidator<Reader>> userValidators, IEnumerable<IPasswordValidator<Reader>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<Reader>> logger,
    TimeProvider time, BearerStampCheck bearerStamps, SignInThrottle throttle)
    : UserManager<Reader>(store, options, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<IdentityResult> CreateAsync(Reader user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.CreatedAt == default)
            user.CreatedAt = time.GetUtcNow();
        return base.CreateAsync(user);
    }

    /// <summary>
    /// No account lockout: anyone who knows an address could lock its owner out. Password guessing is
    /// slowed per address and network instead (SignInThrottle, in ReaderSignInManager).
    /// </summary>
    public override bool SupportsUserLockout => false;

    /// <summary>A reset proves the mailbox: the address's sign-in failures are forgotten on every network.</summary>
    public override async Task<IdentityResult> ResetPasswordAsync(Reader user, string token, string newPassword)
    {
        var result = await base.ResetPasswordAsync(user, token, newPassword);
        if (result.Succeeded && user.UserName is { } userName)
            await throttle.ClearAsync(userName, CancellationToken);
        return result;
    }

    /// <summary>Every change to an account goes through here, a new security stamp among them.</summary>
    protected override async Task<IdentityResult> UpdateUserAsync(Reader user)
    {
        var result = await base.UpdateUserAsync(user);
        bearerStamps.Forget(user.Id);
        return result;
    }

    /// <summary>Any caller may hand us an id from a link: one that is not a GUID names nobody (the store would throw).</summary>
    public override Task<Reader?> FindByIdAsync(string userId) =>
        Guid.TryParse(userId, out _) ? base.FindByIdAsync(userId) : Task.FromResult<Reader?>(null);
}
