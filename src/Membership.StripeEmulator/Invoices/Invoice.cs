using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Invoices;

internal sealed class Invoice : StripeObject
{
    public override string Resource => "invoice";

    public required string Customer { get; init; }
    public required string Currency { get; init; }
    public string? Subscription { get; init; }
    public Dictionary<string, string> SubscriptionMetadata { get; init; } = [];
    public required string BillingReason { get; init; }
    public List<InvoiceLine> Lines { get; init; } = [];
    public string Status { get; set; } = "draft";
    public long AmountPaid { get; set; }
    public int AttemptCount { get; set; }
    public bool Attempted { get; set; }
    public bool AutoAdvance { get; set; } = true;
    public long? AutomaticallyFinalizesAt { get; set; }
    public long? NextPaymentAttempt { get; set; }
    public string? Number { get; set; }
    public long? FinalizedAt { get; set; }
    public long? PaidAt { get; set; }
    public long? VoidedAt { get; set; }
    public long? MarkedUncollectibleAt { get; set; }
    public long? FirstAttemptAt { get; set; }
    public long PeriodStart { get; init; }
    public long PeriodEnd { get; init; }
    public string? TestClock { get; init; }
    public string? CustomerEmail { get; init; }
    public string? CustomerName { get; init; }
    public long? WebhooksDeliveredAt { get; set; }

    /// <summary>The PaymentIntent that collects this invoice (since basil reachable only through <c>payments</c>).</summary>
    public string? PaymentIntent { get; set; }

    /// <summary>The subscription's discounts this invoice applied (their amounts are on the lines).</summary>
    public List<string> Discounts { get; init; } = [];

    /// <summary>The customer's balance when the invoice was finalized: negative is credit, which the invoice uses first.</summary>
    public long StartingBalance { get; set; }

    public long Subtotal => Lines.Sum(l => l.Amount);

    public long DiscountTotal => Lines.Sum(l => l.DiscountAmounts.Sum(d => d.Amount));

    public long Total => Subtotal - DiscountTotal;

    /// <summary>What is charged: the total less any credit; a negative total is credit for the customer, not a refund.</summary>
    public long AmountDue => Math.Max(0, Total + StartingBalance);

    public long EndingBalance => Math.Min(0, Total + StartingBalance);

    public override JsonObject Render(EmulatorState state)
    {
        var remaining = Status is "paid" or "void" or "uncollectible" ? 0 : AmountDue - AmountPaid;
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "invoice",
            ["account_country"] = "US",
            ["account_name"] = "Membership Stripe emulator",
            ["account_tax_ids"] = null,
            ["amount_due"] = AmountDue,
            ["amount_overpaid"] = 0,
            ["amount_paid"] = AmountPaid,
            ["amount_remaining"] = remaining,
            ["amount_shipping"] = 0,
            ["application"] = null,
            ["attempt_count"] = AttemptCount,
            ["attempted"] = Attempted,
            ["auto_advance"] = AutoAdvance,
            ["automatic_tax"] = new JsonObject { ["enabled"] = false, ["liability"] = null, ["status"] = null, ["disabled_reason"] = null, ["provider"] = null },
            ["automatically_finalizes_at"] = AutomaticallyFinalizesAt,
            ["billing_reason"] = BillingReason,
            ["collection_method"] = "charge_automatically",
            ["confirmation_secret"] = null,
            ["created"] = Created,
            ["currency"] = Currency,
            ["custom_fields"] = null,
            ["customer"] = Customer,
            ["customer_account"] = null,
            ["customer_address"] = null,
            ["customer_email"] = CustomerEmail,
            ["customer_name"] = CustomerName,
            ["customer_phone"] = null,
            ["customer_shipping"] = null,
            ["customer_tax_exempt"] = "none",
            ["customer_tax_ids"] = new JsonArray(),
            ["default_payment_method"] = null,
            ["default_source"] = null,
            ["default_tax_rates"] = new JsonArray(),
            ["description"] = null,
            ["discounts"] = StripeJson.Strings(Discounts),
            ["due_date"] = null,
            ["effective_at"] = FinalizedAt,
            ["ending_balance"] = Status == "draft" ? null : EndingBalance,
            ["footer"] = null,
            ["from_invoice"] = null,
            ["hosted_invoice_url"] = Status == "draft" ? null : new Uri(state.BaseUrl, $"i/{Id}").ToString(),
            ["invoice_pdf"] = Status == "draft" ? null : new Uri(state.BaseUrl, $"i/{Id}/pdf").ToString(),
            ["issuer"] = new JsonObject { ["type"] = "self" },
            ["last_finalization_error"] = null,
            ["latest_revision"] = null,
            ["lines"] = StripeJson.List($"/v1/invoices/{Id}/lines", Lines.Select(l => (JsonNode?)l.Render(state, this))),
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["next_payment_attempt"] = NextPaymentAttempt,
            ["number"] = Number,
            ["on_behalf_of"] = null,
            ["parent"] = Subscription is null ? null : new JsonObject
            {
                ["quote_details"] = null,
                ["subscription_details"] = new JsonObject
                {
                    ["metadata"] = StripeJson.Map(SubscriptionMetadata),
                    ["subscription"] = Subscription,
                },
                ["type"] = "subscription_details",
            },
            ["payment_settings"] = new JsonObject
            {
                ["default_mandate"] = null,
                ["payment_method_options"] = null,
                ["payment_method_types"] = null,
            },
            ["period_end"] = PeriodEnd,
            ["period_start"] = PeriodStart,
            ["post_payment_credit_notes_amount"] = 0,
            ["pre_payment_credit_notes_amount"] = 0,
            ["receipt_number"] = null,
            ["rendering"] = null,
            ["shipping_cost"] = null,
            ["shipping_details"] = null,
            ["starting_balance"] = StartingBalance,
            ["statement_descriptor"] = null,
            ["status"] = Status,
            ["status_transitions"] = new JsonObject
            {
                ["finalized_at"] = FinalizedAt,
                ["marked_uncollectible_at"] = MarkedUncollectibleAt,
                ["paid_at"] = PaidAt,
                ["voided_at"] = VoidedAt,
            },
            ["subtotal"] = Subtotal,
            ["subtotal_excluding_tax"] = Subtotal,
            ["test_clock"] = TestClock,
            ["total"] = Total,
            ["total_discount_amounts"] = StripeJson.Array(Discounts.Select(d => (JsonNode?)new JsonObject
            {
                ["amount"] = Lines.Sum(l => l.DiscountAmounts.Where(a => a.Discount == d).Sum(a => a.Amount)),
                ["discount"] = d,
            })),
            ["total_excluding_tax"] = Total,
            ["total_pretax_credit_amounts"] = new JsonArray(),
            ["total_taxes"] = new JsonArray(),
            ["webhooks_delivered_at"] = WebhooksDeliveredAt,
        };
    }
}
