using System.Security.Cryptography;
using System.Text;

namespace Membership.Web.Webhooks;

/// <summary>
/// Standard Webhooks signing (https://www.standardwebhooks.com): the secret is <c>whsec_</c> + base64 of
/// random bytes; the signature is <c>v1,</c> + base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")).
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}
