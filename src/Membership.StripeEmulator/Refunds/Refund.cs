using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Refunds;

internal sealed class Refund : StripeObject
{
    public override string Resource => "refund";

    /// <summary>The refunded charge's id: what the refund shows of it never changes once the charge is made.</summary>
    public required string Charge { get; init; }
    public required long Amount { get; init; }
    public string? Reason { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];

    public override JsonObject Render(EmulatorState state)
    {
        var charge = state.Charges.Get(Charge);
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "refund",
            ["amount"] = Amount,
            ["balance_transaction"] = null,
            ["charge"] = charge.Id,
            ["created"] = Created,
            ["currency"] = charge.Currency,
            ["customer"] = charge.Customer,
            ["customer_account"] = null,
            ["destination_details"] = new JsonObject
            {
                // The acquirer reference number is left out until the card network gives one, which never happens here.
                ["card"] = new JsonObject { ["reference_status"] = "pending", ["reference_type"] = "acquirer_reference_number", ["type"] = "refund" },
                ["type"] = "card",
            },
            ["metadata"] = StripeJson.Map(Metadata),
            ["payment_intent"] = charge.PaymentIntent,
            ["payment_method"] = charge.PaymentMethod.Id,
            ["reason"] = Reason,
            ["receipt_number"] = null,
            ["source_transfer_reversal"] = null,
            ["status"] = "succeeded",
            ["transfer_reversal"] = null,
        };
    }
}
