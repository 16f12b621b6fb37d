using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Membership.StripeEmulator.Webhooks;

/// <summary>Stripe's signature: <c>t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}" keyed with the secret's UTF-8 bytes&gt;</c>.</summary>
internal static class WebhookSigner
{
    public static string Header(ReadOnlySpan<byte> payload, string secret, long timestamp)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.UTF8.GetBytes($"{t}."));
        hmac.AppendData(payload);
        return $"t={t},v1={Convert.ToHexStringLower(hmac.GetHashAndReset())}";
    }
}
