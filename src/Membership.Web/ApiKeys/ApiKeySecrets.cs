using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Membership.Web.ApiKeys;

/// <summary>How keys look and how they are hashed. A key is its kind, an underscore and 256 random bits.</summary>
public static class ApiKeySecrets
{
    /// <summary>
    /// Characters kept in clear as the key's prefix (and used to find it): enough to tell keys apart,
    /// and never more than a third of the key, so a short operator-chosen key keeps most of its secret.
    /// </summary>
    public const int PrefixLength = 12;

    /// <summary>Shorter keys are refused (a bootstrap key is chosen by an operator, so it is checked).</summary>
    public const int MinimumLength = 24;

    public static string Generate(ApiKeyKind kind) =>
        $"{KindName(kind)}_{WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32))}";

    public static string KindName(ApiKeyKind kind) => kind == ApiKeyKind.Admin ? "admin" : "site";

    public static ReadOnlySpan<char> PrefixOf(ReadOnlySpan<char> key) => key[..Math.Min(PrefixLength, key.Length / 3)];

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>SHA-256 of the key into <paramref name="hash"/> without allocating (the hot path).</summary>
    public static void Hash(ReadOnlySpan<char> key, Span<byte> hash)
    {
        var length = Encoding.UTF8.GetMaxByteCount(key.Length);
        var rented = length <= 512 ? null : ArrayPool<byte>.Shared.Rent(length);
        Span<byte> buffer = rented ?? stackalloc byte[512];
        var written = Encoding.UTF8.GetBytes(key, buffer);
        SHA256.HashData(buffer[..written], hash);
        if (rented is not null)
            ArrayPool<byte>.Shared.Return(rented);
    }
}
