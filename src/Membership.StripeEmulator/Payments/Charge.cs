using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Payments;

internal sealed class Charge : StripeObject
{
    public override string Resource => "charge";

    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public string? Customer { get; init; }
    public string? PaymentIntent { get; init; }
    public required PaymentMethod PaymentMethod { get; init; }
    public string? Description { get; init; }
    public required bool Succeeded { get; init; }
    public string? FailureCode { get; init; }
    public string? FailureMessage { get; init; }
    public string? DeclineCode { get; init; }
    public long AmountRefunded { get; set; }
    public List<string> Refunds { get; init; } = [];
    public bool Disputed { get; set; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "charge",
        ["amount"] = Amount,
        ["amount_captured"] = Succeeded ? Amount : 0,
        ["amount_refunded"] = AmountRefunded,
        ["application"] = null,
        ["application_fee"] = null,
        ["application_fee_amount"] = null,
        ["balance_transaction"] = null,
        ["billing_details"] = new JsonObject
        {
            ["address"] = PaymentMethod.EmptyAddress(),
            ["email"] = PaymentMethod.Email,
            ["name"] = null,
            ["phone"] = null,
            ["tax_id"] = null,
        },
        ["calculated_statement_descriptor"] = "MEMBERSHIP",
        ["captured"] = Succeeded,
        ["created"] = Created,
        ["currency"] = Currency,
        ["customer"] = Customer,
        ["description"] = Description,
        ["disputed"] = Disputed,
        ["failure_balance_transaction"] = null,
        ["failure_code"] = FailureCode,
        ["failure_message"] = FailureMessage,
        ["fraud_details"] = new JsonObject(),
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["on_behalf_of"] = null,
        ["outcome"] = new JsonObject
        {
            ["advice_code"] = null,
            ["network_advice_code"] = null,
            ["network_decline_code"] = null,
            ["network_status"] = Succeeded ? "approved_by_network" : "declined_by_network",
            ["reason"] = Succeeded ? null : DeclineCode,
            ["risk_level"] = "normal",
            ["seller_message"] = Succeeded ? "Payment complete." : "The bank did not return any further details with this decline.",
            ["type"] = Succeeded ? "authorized" : "issuer_declined",
        },
        ["paid"] = Succeeded,
        ["payment_intent"] = PaymentIntent,
        ["payment_method"] = PaymentMethod.Id,
        ["payment_method_details"] = new JsonObject
        {
            ["card"] = CardDetails(),
            ["type"] = "card",
        },
        ["receipt_email"] = null,
        ["receipt_number"] = null,
        ["receipt_url"] = null,
        ["refunded"] = Succeeded && AmountRefunded >= Amount,
        ["refunds"] = StripeJson.List($"/v1/charges/{Id}/refunds",
            Refunds.Select(id => (JsonNode?)state.Refunds.Get(id).Render(state))),
        ["review"] = null,
        ["shipping"] = null,
        ["source"] = null,
        ["source_transfer"] = null,
        ["statement_descriptor"] = null,
        ["statement_descriptor_suffix"] = null,
        ["status"] = Succeeded ? "succeeded" : "failed",
        ["transfer_data"] = null,
        ["transfer_group"] = null,
    };

    private JsonObject CardDetails()
    {
        var card = PaymentMethod.CardDetails();
        card.Remove("display_brand");
        card.Remove("generated_from");
        card.Remove("networks");
        card.Remove("three_d_secure_usage");
        card["amount_authorized"] = Succeeded ? Amount : null;
        card["authorization_code"] = null;
        card["electronic_commerce_indicator"] = null;
        card["extended_authorization"] = new JsonObject { ["status"] = "disabled" };
        card["incremental_authorization"] = new JsonObject { ["status"] = "unavailable" };
        card["installments"] = null;
        card["mandate"] = null;
        card["multicapture"] = new JsonObject { ["status"] = "unavailable" };
        card["network"] = PaymentMethod.Card.Brand;
        card["network_token"] = new JsonObject { ["used"] = false };
        card["network_transaction_id"] = null;
        card["overcapture"] = new JsonObject { ["maximum_amount_capturable"] = Amount, ["status"] = "unavailable" };
        card["three_d_secure"] = null;
        card["transaction_link_id"] = null;
        return card;
    }
}
