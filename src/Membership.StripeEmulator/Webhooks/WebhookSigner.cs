using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Membership.StripeEmulator.Webhooks;

/// <summary>Stripe's signature: <c>t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "{t}.{body}" keyed with the secret's UTF-8 bytes&gt;</c>.</summary>
internal static class WebhookSigner
{
    public static string Header(string payload, string secret, long timestamp)
    {
        var t = timestamp.ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{t}.{payload}"));
        return $"t={t},v1={Convert.ToHexStringLower(mac)}";
    }
}
