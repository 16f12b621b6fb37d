using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Events;

/// <summary>An event as written: its data is fixed at creation, like Stripe's.</summary>
internal sealed class StripeEvent : StripeObject
{
    public override string Resource => "event";

    public required string Type { get; init; }
    public required string ObjectId { get; init; }
    public required JsonObject Data { get; init; }
    public required EventCause Request { get; init; }
    public int PendingWebhooks { get; init; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "event",
        ["api_version"] = EmulatorState.ApiVersion,
        ["created"] = Created,
        ["data"] = Data.DeepClone(),
        ["livemode"] = false,
        ["pending_webhooks"] = PendingWebhooks,
        ["request"] = new JsonObject { ["id"] = Request.RequestId, ["idempotency_key"] = Request.IdempotencyKey },
        ["type"] = Type,
    };
}
