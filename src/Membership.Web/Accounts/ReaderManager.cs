using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>Identity's user manager, stamping <see cref="Reader.CreatedAt"/> however the account is made (page, JSON, bootstrap).</summary>
public sealed class ReaderManager(
    IUserStore<Reader> store, IOptions<IdentityOptions> options, IPasswordHasher<Reader> passwordHasher,
    IEnumerable<IUserValidator<Reader>> userValidators, IEnumerable<IPasswordValidator<Reader>> passwordValidators,
    ILookupNormalizer keyNormalizer, IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<Reader>> logger,
    TimeProvider time)
    : UserManager<Reader>(store, options, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override Task<IdentityResult> CreateAsync(Reader user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.CreatedAt == default)
            user.CreatedAt = time.GetUtcNow();
        return base.CreateAsync(user);
    }
}
