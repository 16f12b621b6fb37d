using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Payments;

/// <summary>How the portal saves a new card: a setup intent that succeeds with the card as its payment method.</summary>
internal sealed class SetupIntent : StripeObject
{
    public override string Resource => "setup_intent";

    public string? Customer { get; init; }
    public string Status { get; set; } = "requires_payment_method";
    public string? PaymentMethod { get; set; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "setup_intent",
        ["allowed_payment_method_types"] = null,
        ["application"] = null,
        ["automatic_payment_methods"] = null,
        ["cancellation_reason"] = null,
        ["client_secret"] = $"{Id}_secret_{Id[5..]}",
        ["created"] = Created,
        ["customer"] = Customer,
        ["customer_account"] = null,
        ["description"] = null,
        ["excluded_payment_method_types"] = null,
        ["flow_directions"] = null,
        ["last_setup_error"] = null,
        ["latest_attempt"] = null,
        ["livemode"] = false,
        ["mandate"] = null,
        ["metadata"] = new JsonObject(),
        ["next_action"] = null,
        ["on_behalf_of"] = null,
        ["payment_method"] = PaymentMethod,
        ["payment_method_configuration_details"] = null,
        ["payment_method_options"] = new JsonObject(),
        ["payment_method_types"] = new JsonArray("card"),
        ["single_use_mandate"] = null,
        ["status"] = Status,
        ["usage"] = "off_session",
    };
}
