using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Membership.Web.Rights;

/// <summary>
/// The mailed proof that the owner of an address asked to cancel: the reader's id, protected and
/// time-limited, so the confirmation step needs no password and cannot be forged for another reader.
/// </summary>
public sealed class CancelLinks(IDataProtectionProvider protection, IOptions<LegalOptions> legal)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Membership.Rights.CancelLink").ToTimeLimitedDataProtector();

    public string Create(Guid readerId) => _protector.Protect(readerId.ToString("N"), legal.Value.CancelLinkLifetime);

    public Guid? Read(string? token)
    {
        if (string.IsNullOrEmpty(token))
            return null;
        try
        {
            return Guid.TryParseExact(_protector.Unprotect(token), "N", out var readerId) ? readerId : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
