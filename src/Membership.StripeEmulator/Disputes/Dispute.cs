using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Disputes;

internal sealed class Dispute : StripeObject
{
    public override string Resource => "dispute";

    /// <summary>The disputed charge's id: what the dispute shows of it never changes once the charge is made.</summary>
    public required string Charge { get; init; }
    public string Reason { get; init; } = "fraudulent";
    public string Status { get; set; } = "needs_response";
    public long EvidenceDueBy { get; init; }

    private static readonly string[] EvidenceFields =
    [
        "access_activity_log", "billing_address", "cancellation_policy", "cancellation_policy_disclosure", "cancellation_rebuttal",
        "customer_communication", "customer_email_address", "customer_name", "customer_purchase_ip", "customer_signature",
        "duplicate_charge_documentation", "duplicate_charge_explanation", "duplicate_charge_id", "product_description", "receipt",
        "refund_policy", "refund_policy_disclosure", "refund_refusal_explanation", "service_date", "service_documentation",
        "shipping_address", "shipping_carrier", "shipping_date", "shipping_documentation", "shipping_tracking_number",
        "uncategorized_file", "uncategorized_text",
    ];

    public override JsonObject Render(EmulatorState state)
    {
        var evidence = new JsonObject();
        foreach (var field in EvidenceFields)
            evidence[field] = null;
        evidence["enhanced_evidence"] = new JsonObject();
        var charge = state.Charges.Get(Charge);
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "dispute",
            ["amount"] = charge.Amount,
            ["balance_transactions"] = new JsonArray(),
            ["charge"] = charge.Id,
            ["created"] = Created,
            ["currency"] = charge.Currency,
            ["enhanced_eligibility_types"] = new JsonArray(),
            ["evidence"] = evidence,
            ["evidence_details"] = new JsonObject
            {
                ["due_by"] = EvidenceDueBy,
                ["enhanced_eligibility"] = new JsonObject(),
                ["has_evidence"] = false,
                ["past_due"] = false,
                ["submission_count"] = 0,
                ["submission_method"] = "not_submitted",
            },
            ["intended_submission_method"] = null,
            ["is_charge_refundable"] = false,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["payment_intent"] = charge.PaymentIntent,
            ["payment_method_details"] = new JsonObject
            {
                ["card"] = new JsonObject
                {
                    ["brand"] = charge.PaymentMethod.Card.Brand,
                    ["case_type"] = "chargeback",
                    ["network_reason_code"] = "10.4",
                    ["network"] = charge.PaymentMethod.Card.Brand,
                },
                ["type"] = "card",
            },
            ["reason"] = Reason,
            ["status"] = Status,
        };
    }
}
