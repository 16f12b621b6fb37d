using System.Text.Json;
using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Events;

/// <summary>
/// An event as written: its data is fixed at creation, like Stripe's, and kept compacted (<see cref="CompactJson"/>):
/// a renewal day of many thousands of subscriptions leaves hundreds of thousands of events behind.
/// </summary>
internal sealed class StripeEvent : StripeObject
{
    public override string Resource => "event";

    public required string Type { get; init; }
    public required string ObjectId { get; init; }
    public required CompactJson Data { get; init; }
    public required EventCause Request { get; init; }
    public int PendingWebhooks { get; init; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "event",
        ["api_version"] = EmulatorState.ApiVersion,
        ["created"] = Created,
        ["data"] = Data.ToNode(),
        ["livemode"] = false,
        ["pending_webhooks"] = PendingWebhooks,
        ["request"] = new JsonObject { ["id"] = Request.RequestId, ["idempotency_key"] = Request.IdempotencyKey },
        ["type"] = Type,
    };

    /// <summary>
    /// The webhook body: the event as <see cref="Render"/> shows it, written straight from the compacted data. Everything
    /// it reads is fixed at creation, so a delivery writes it outside the state's lock, when it is sent.
    /// </summary>
    public byte[] Payload()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = StripeJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", Id);
            writer.WriteString("object", "event");
            writer.WriteString("api_version", EmulatorState.ApiVersion);
            writer.WriteNumber("created", Created);
            writer.WritePropertyName("data");
            Data.WriteTo(writer);
            writer.WriteBoolean("livemode", false);
            writer.WriteNumber("pending_webhooks", PendingWebhooks);
            writer.WriteStartObject("request");
            WriteStringOrNull(writer, "id", Request.RequestId);
            WriteStringOrNull(writer, "idempotency_key", Request.IdempotencyKey);
            writer.WriteEndObject();
            writer.WriteString("type", Type);
            writer.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void WriteStringOrNull(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is null)
            writer.WriteNull(name);
        else
            writer.WriteString(name, value);
    }
}
