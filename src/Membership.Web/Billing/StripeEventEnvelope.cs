using System.Text.Json;

namespace Membership.Web.Billing;

/// <summary>
/// What the inbox needs of a verified webhook body: its id, type, API version and creation time. Read from
/// the JSON itself, not through Stripe.net's typed event, so an event rendered at any API version (whose
/// objects may not fit this release's classes) is stored rather than lost; handlers only read ids from it.
/// </summary>
public sealed record StripeEventEnvelope(string Id, string Type, string ApiVersion, DateTimeOffset Created)
{
    /// <returns>The envelope, or the reason the body is not a Stripe event the inbox can take.</returns>
    public static (StripeEventEnvelope? Envelope, string? Problem) Parse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "object") != "event"
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("object", out var dataObject) || dataObject.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("created", out var created) || !created.TryGetInt64(out var createdAt))
            {
                return (null, "The body is not a Stripe event.");
            }
            if (Text(root, "id") is not { Length: > 0 } id || Text(root, "type") is not { Length: > 0 } type)
                return (null, "The event has no id or type.");
            if (Text(root, "api_version") is not { Length: > 0 } apiVersion)
                return (null, "The event names no API version.");
            return (new StripeEventEnvelope(id, type, apiVersion, DateTimeOffset.FromUnixTimeSeconds(createdAt)), null);
        }
        catch (Exception e) when (e is JsonException or ArgumentOutOfRangeException)
        {
            return (null, "The body is not a Stripe event.");
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
