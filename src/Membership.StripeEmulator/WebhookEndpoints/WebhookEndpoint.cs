using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.WebhookEndpoints;

internal sealed class WebhookEndpoint : StripeObject
{
    public override string Resource => "webhook_endpoint";

    public required string Url { get; set; }
    public required string Secret { get; set; }
    public List<string> EnabledEvents { get; set; } = ["*"];
    public bool Enabled { get; set; } = true;
    public string? Description { get; set; }
    public string? ApiVersion { get; init; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool Accepts(string type) => EnabledEvents.Contains("*") || EnabledEvents.Contains(type);

    /// <summary>The secret is part of the answer only when the endpoint is created, as in Stripe.</summary>
    public JsonObject Render(EmulatorState state, bool withSecret)
    {
        var json = Render(state);
        if (withSecret)
            json["secret"] = Secret;
        return json;
    }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "webhook_endpoint",
        ["api_version"] = ApiVersion,
        ["application"] = null,
        ["created"] = Created,
        ["description"] = Description,
        ["enabled_events"] = StripeJson.Strings(EnabledEvents),
        ["livemode"] = false,
        ["metadata"] = StripeJson.Map(Metadata),
        ["status"] = Enabled ? "enabled" : "disabled",
        ["url"] = Url,
    };
}
