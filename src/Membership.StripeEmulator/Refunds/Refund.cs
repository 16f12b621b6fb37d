using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Refunds;

internal sealed class Refund : StripeObject
{
    public override string Resource => "refund";

    public required Charge Charge { get; init; }
    public required long Amount { get; init; }
    public string? Reason { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "refund",
        ["amount"] = Amount,
        ["balance_transaction"] = null,
        ["charge"] = Charge.Id,
        ["created"] = Created,
        ["currency"] = Charge.Currency,
        ["customer"] = Charge.Customer,
        ["customer_account"] = null,
        ["destination_details"] = new JsonObject
        {
            ["card"] = new JsonObject { ["reference"] = null, ["reference_status"] = "pending", ["reference_type"] = "acquirer_reference_number", ["type"] = "refund" },
            ["type"] = "card",
        },
        ["metadata"] = StripeJson.Map(Metadata),
        ["payment_intent"] = Charge.PaymentIntent,
        ["payment_method"] = Charge.PaymentMethod.Id,
        ["reason"] = Reason,
        ["receipt_number"] = null,
        ["source_transfer_reversal"] = null,
        ["status"] = "succeeded",
        ["transfer_reversal"] = null,
    };
}
