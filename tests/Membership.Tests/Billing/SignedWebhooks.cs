using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Membership.Tests.Billing;

/// <summary>Builds Stripe events and signs them the way Stripe does, independently of Stripe.net.</summary>
public static class SignedWebhooks
{
    public const string Secret = "whsec_emulator";
    public const string ApiVersion = "2026-10-28.endive";

    public static string Event(string type, object dataObject, string? id = null, string? apiVersion = ApiVersion, long? created = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id ?? $"evt_test_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = apiVersion,
            ["created"] = created ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["data"] = new { @object = dataObject },
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["request"] = new { id = (string?)null, idempotency_key = (string?)null },
            ["type"] = type,
        });

    public static string Signature(string body, string secret = Secret, DateTimeOffset? at = null)
    {
        var timestamp = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public static HttpRequestMessage Request(string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/stripe") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        return request;
    }
}
