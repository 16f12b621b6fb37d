using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Payments;

/// <summary>Since basil, the link between an invoice and the PaymentIntent that paid it.</summary>
internal sealed class InvoicePayment : StripeObject
{
    public override string Resource => "invoice_payment";

    public required string Invoice { get; init; }
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public string? PaymentIntent { get; init; }
    public long? PaidAt { get; init; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "invoice_payment",
        ["amount_paid"] = Amount,
        ["amount_requested"] = Amount,
        ["created"] = Created,
        ["currency"] = Currency,
        ["invoice"] = Invoice,
        ["is_default"] = true,
        ["livemode"] = false,
        ["payment"] = PaymentIntent is null
            ? new JsonObject { ["type"] = "out_of_band_payment" }
            : new JsonObject { ["payment_intent"] = PaymentIntent, ["type"] = "payment_intent" },
        ["status"] = "paid",
        ["status_transitions"] = new JsonObject { ["canceled_at"] = null, ["paid_at"] = PaidAt },
    };
}
