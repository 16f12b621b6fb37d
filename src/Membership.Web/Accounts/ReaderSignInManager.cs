using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Membership.Web.Accounts;

/// <summary>Said on the request when <see cref="SignInThrottle"/> held a password check back, so the answer can say how long to wait.</summary>
public sealed record SignInHeldBack(TimeSpan RetryAfter)
{
    public int RetryAfterSeconds => (int)Math.Ceiling(RetryAfter.TotalSeconds);

    public string Message => $"Too many wrong passwords for this address from your network: try again in {Wait}, or reset your password.";

    private string Wait => RetryAfter.TotalSeconds <= 90
        ? $"{RetryAfterSeconds.ToString(CultureInfo.InvariantCulture)} seconds"
        : $"{Math.Ceiling(RetryAfter.TotalMinutes).ToString(CultureInfo.InvariantCulture)} minutes";
}

/// <summary>
/// Identity's sign-in manager with <see cref="SignInThrottle"/> in front of every password check (the
/// sign-in page, Identity's JSON login, and the current-password checks of the account pages) in place of
/// Identity's account lockout, which anyone could set off against an account's owner. A throttled check is
/// <see cref="SignInResult.LockedOut"/> with a <see cref="SignInHeldBack"/> feature on the request. An unknown
/// address is throttled alike and costs a password hash too, so neither answer nor timing tells it from a known one.
/// </summary>
public sealed class ReaderSignInManager(
    UserManager<Reader> users, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<Reader> claimsFactory,
    IOptions<IdentityOptions> options, ILogger<SignInManager<Reader>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Reader> confirmation, SignInThrottle throttle)
    : SignInManager<Reader>(users, contextAccessor, claimsFactory, options, logger, schemes, confirmation)
{
    private static readonly Lazy<string> UnknownReadersHash = new(() => new PasswordHasher<Reader>().HashPassword(new Reader(), Guid.NewGuid().ToString()));

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        if (await UserManager.FindByNameAsync(userName) is { } user)
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        return await ThrottledAsync(userName, () =>
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new Reader(), UnknownReadersHash.Value, password);
            return Task.FromResult(SignInResult.Failed);
        });
    }

    /// <summary>Every password check comes here, signing in or not.</summary>
    public override Task<SignInResult> CheckPasswordSignInAsync(Reader user, string password, bool lockoutOnFailure) =>
        ThrottledAsync(user.UserName ?? user.Id.ToString(), () => base.CheckPasswordSignInAsync(user, password, lockoutOnFailure));

    private async Task<SignInResult> ThrottledAsync(string address, Func<Task<SignInResult>> check)
    {
        var client = Context.Connection.RemoteIpAddress;
        var cancellationToken = Context.RequestAborted;
        if (await throttle.WaitAsync(address, client, cancellationToken) is { } wait)
        {
            Context.Features.Set(new SignInHeldBack(wait));
            return SignInResult.LockedOut;
        }
        var result = await check();
        if (result.Succeeded || result.RequiresTwoFactor)
            await throttle.SucceededAsync(address, client, cancellationToken);
        else
            await throttle.FailedAsync(address, client, cancellationToken);
        return result;
    }
}
