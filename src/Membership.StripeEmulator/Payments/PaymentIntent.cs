using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Payments;

internal sealed class PaymentIntent : StripeObject
{
    public override string Resource => "payment_intent";

    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public string? Customer { get; set; }
    public string? Description { get; init; }
    public string Status { get; set; } = "requires_payment_method";
    public string? PaymentMethod { get; set; }
    public string? LatestCharge { get; set; }
    public long AmountReceived { get; set; }
    public JsonObject? LastPaymentError { get; set; }
    public string ClientSecret { get; init; } = Ids.New("", 24);

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "payment_intent",
        ["allowed_payment_method_types"] = null,
        ["amount"] = Amount,
        ["amount_capturable"] = 0,
        ["amount_details"] = new JsonObject { ["tip"] = new JsonObject() },
        ["amount_received"] = AmountReceived,
        ["application"] = null,
        ["application_fee_amount"] = null,
        ["automatic_payment_methods"] = null,
        ["canceled_at"] = null,
        ["cancellation_reason"] = null,
        ["capture_method"] = "automatic",
        ["client_secret"] = $"{Id}_secret_{ClientSecret}",
        ["confirmation_method"] = "automatic",
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = Customer,
        ["customer_account"] = null,
        ["description"] = Description,
        ["excluded_payment_method_types"] = null,
        ["last_payment_error"] = LastPaymentError?.DeepClone(),
        ["latest_charge"] = LatestCharge,
        ["livemode"] = false,
        ["managed_payments"] = null,
        ["metadata"] = new JsonObject(),
        ["next_action"] = null,
        ["on_behalf_of"] = null,
        ["payment_method"] = PaymentMethod,
        ["payment_method_configuration_details"] = null,
        ["payment_method_options"] = new JsonObject(),
        ["payment_method_types"] = new JsonArray("card"),
        ["payment_record"] = null,
        ["processing"] = null,
        ["receipt_email"] = null,
        ["review"] = null,
        ["setup_future_usage"] = "off_session",
        ["shipping"] = null,
        ["source"] = null,
        ["statement_descriptor"] = null,
        ["statement_descriptor_suffix"] = null,
        ["status"] = Status,
        ["transfer_data"] = null,
        ["transfer_group"] = null,
    };
}
