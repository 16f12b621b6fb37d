using System.Buffers.Text;
using System.Security.Cryptography;

namespace Membership.Web.Hosting;

/// <summary>
/// A per-request nonce for a page that needs inline styles of its own (the demo article, which stands
/// in for a site's page). Made on first use; <see cref="SecurityHeaders"/> then allows inline styles
/// carrying it, on that response only. Pages that never ask keep the strict policy.
/// </summary>
public static class CspNonce
{
    private static readonly object Key = new();

    public static string For(HttpContext http)
    {
        if (Existing(http) is { } nonce)
            return nonce;
        // Base64url: no '+', '/' or '=' that Razor would HTML-encode in the attribute, so the page's nonce
        // reads exactly as the header's.
        nonce = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(18));
        http.Items[Key] = nonce;
        return nonce;
    }

    public static string? Existing(HttpContext http) => http.Items.TryGetValue(Key, out var value) ? value as string : null;
}
