using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Membership.Web.Accounts;

public enum SignInCodeCheck { SignedIn, Wrong, Expired }

/// <summary>
/// Passwordless sign-in: a six-digit one-time code by email, valid <see cref="Lifetime"/> and for
/// <see cref="MaxAttempts"/> wrong tries, then gone. Kept hashed in Identity's user tokens (no table of
/// its own). An address without an account gets one (no password) when the code is asked for, so the
/// answer never tells whether the address was known. A code proves the mailbox: a first use confirms the
/// email and ends every other session (someone who typed this address at the join page before its owner).
/// </summary>
public sealed class SignInCodes(ReaderManager readers, AccountMail mail, TimeProvider time, ILogger<SignInCodes> logger)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);
    public const int MaxAttempts = 5;
    private const string Provider = "Membership";
    private const string Name = "SignInCode";

    public async Task SendAsync(string email, string? returnUrl, CancellationToken cancellationToken)
    {
        var reader = await FindOrCreateAsync(email, cancellationToken);
        if (reader is null)
            return;
        var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
        var expires = time.GetUtcNow() + Lifetime;
        await readers.SetAuthenticationTokenAsync(reader, Provider, Name, $"{Hash(reader.Id, code)}|{expires.ToUnixTimeSeconds()}|0");
        mail.SignInCode(reader.Email!, code, returnUrl);
    }

    /// <summary>Checks the code and, when right, consumes it and returns the reader (email confirmed) to sign in.</summary>
    public async Task<(SignInCodeCheck Check, Reader? Reader)> VerifyAsync(string email, string code, CancellationToken cancellationToken)
    {
        var reader = await readers.FindByEmailAsync(email);
        if (reader is null)
            return (SignInCodeCheck.Wrong, null);
        var stored = await readers.GetAuthenticationTokenAsync(reader, Provider, Name);
        if (stored?.Split('|') is not [var hash, var expiresText, var attemptsText]
            || !long.TryParse(expiresText, CultureInfo.InvariantCulture, out var expires)
            || !int.TryParse(attemptsText, CultureInfo.InvariantCulture, out var attempts))
            return (SignInCodeCheck.Expired, null);
        if (time.GetUtcNow().ToUnixTimeSeconds() > expires || attempts >= MaxAttempts)
        {
            await readers.RemoveAuthenticationTokenAsync(reader, Provider, Name);
            return (SignInCodeCheck.Expired, null);
        }
        var given = code.Trim();
        if (given.Length != 6 || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(reader.Id, given)), Encoding.ASCII.GetBytes(hash)))
        {
            if (attempts + 1 >= MaxAttempts)
                await readers.RemoveAuthenticationTokenAsync(reader, Provider, Name);
            else
                await readers.SetAuthenticationTokenAsync(reader, Provider, Name, $"{hash}|{expires}|{attempts + 1}");
            return (SignInCodeCheck.Wrong, null);
        }
        await readers.RemoveAuthenticationTokenAsync(reader, Provider, Name);
        if (!reader.EmailConfirmed)
        {
            reader.EmailConfirmed = true;
            await readers.UpdateAsync(reader);
            // Before its owner proved the mailbox, anyone could have typed this address at the join page.
            await readers.UpdateSecurityStampAsync(reader);
        }
        return (SignInCodeCheck.SignedIn, reader);
    }

    private async Task<Reader?> FindOrCreateAsync(string email, CancellationToken cancellationToken)
    {
        var reader = await readers.FindByEmailAsync(email);
        if (reader is not null)
            return reader;
        reader = new Reader { UserName = email, Email = email, CreatedAt = time.GetUtcNow() };
        var created = await readers.CreateAsync(reader);
        if (created.Succeeded)
            return reader;
        // A concurrent request made it, or the address is not one Identity accepts.
        logger.LogInformation("Sign-in code: no account made ({Errors})", string.Join(", ", created.Errors.Select(e => e.Code)));
        cancellationToken.ThrowIfCancellationRequested();
        return await readers.FindByEmailAsync(email);
    }

    private static string Hash(Guid readerId, string code) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{readerId:N}:{code}")));
}
