using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Checkout;

/// <summary>A line of a session: the price by id, so the session shows the price as it is now.</summary>
internal sealed record CheckoutLine(string Price, long Quantity);

internal sealed class CheckoutSession : StripeObject
{
    public override string Resource => "checkout.session";

    public required string Mode { get; init; }
    public required List<CheckoutLine> LineItems { get; init; }
    public required string Currency { get; init; }
    public string Status { get; set; } = "open";
    public string PaymentStatus { get; set; } = "unpaid";
    public string? Customer { get; set; }
    public string? CustomerEmail { get; init; }
    public string? CustomerDetailsEmail { get; set; }
    public string? ClientReferenceId { get; init; }
    public Dictionary<string, string> Metadata { get; init; } = [];
    public Dictionary<string, string> SubscriptionMetadata { get; init; } = [];
    public string? SubscriptionDescription { get; init; }
    public long? TrialPeriodDays { get; init; }
    public long? TrialEnd { get; init; }
    public bool? AllowPromotionCodes { get; init; }
    public string? SuccessUrl { get; init; }
    public string? CancelUrl { get; init; }
    public required long ExpiresAt { get; init; }
    public string? Subscription { get; set; }
    public string? Invoice { get; set; }
    public string? TestClock { get; init; }
    public string? Locale { get; init; }

    /// <summary>The PaymentIntent of the attempts on the hosted page (in subscription mode not shown on the session).</summary>
    public string? AttemptIntent { get; set; }

    public bool HasTrial => TrialPeriodDays is > 0 || TrialEnd is not null;

    public List<SubscriptionLine> Lines(EmulatorState state) => [.. LineItems.Select(l => new SubscriptionLine(state.Prices.Get(l.Price), l.Quantity, []))];

    public long AmountSubtotal(EmulatorState state) => Lines(state).Sum(l => l.Price.UnitAmount * l.Quantity);

    public string Url(EmulatorState state) => new Uri(state.BaseUrl, $"c/pay/{Id}").ToString();

    public override JsonObject Render(EmulatorState state)
    {
        var amount = HasTrial ? 0 : AmountSubtotal(state);
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "checkout.session",
            ["adaptive_pricing"] = null,
            ["after_expiration"] = null,
            ["allow_promotion_codes"] = AllowPromotionCodes,
            ["allowed_payment_method_types"] = null,
            ["amount_subtotal"] = amount,
            ["amount_total"] = amount,
            ["automatic_tax"] = new JsonObject { ["enabled"] = false, ["liability"] = null, ["status"] = null, ["provider"] = null },
            ["billing_address_collection"] = null,
            ["cancel_url"] = CancelUrl,
            ["client_reference_id"] = ClientReferenceId,
            ["client_secret"] = null,
            ["collected_information"] = Status == "complete" ? new JsonObject { ["business_name"] = null, ["individual_name"] = null, ["shipping_details"] = null } : null,
            ["consent"] = null,
            ["consent_collection"] = null,
            ["created"] = Created,
            ["currency"] = Currency,
            ["currency_conversion"] = null,
            ["custom_fields"] = new JsonArray(),
            ["custom_text"] = new JsonObject { ["after_submit"] = null, ["shipping_address"] = null, ["submit"] = null, ["terms_of_service_acceptance"] = null },
            ["customer"] = Customer,
            ["customer_account"] = null,
            ["customer_creation"] = null,
            ["customer_details"] = CustomerDetailsEmail is null && CustomerEmail is null ? null : new JsonObject
            {
                ["address"] = null,
                ["email"] = CustomerDetailsEmail ?? CustomerEmail,
                ["name"] = null,
                ["phone"] = null,
                ["tax_exempt"] = "none",
                ["tax_ids"] = new JsonArray(),
                ["business_name"] = null,
                ["individual_name"] = null,
            },
            ["customer_email"] = CustomerEmail,
            ["discounts"] = new JsonArray(),
            ["expires_at"] = ExpiresAt,
            ["integration_identifier"] = null,
            ["invoice"] = Invoice,
            ["invoice_creation"] = null,
            ["livemode"] = false,
            ["locale"] = Locale,
            ["managed_payments"] = null,
            ["metadata"] = StripeJson.Map(Metadata),
            ["mode"] = Mode,
            ["origin_context"] = null,
            ["payment_intent"] = null,
            ["payment_link"] = null,
            ["payment_method_collection"] = "always",
            ["payment_method_configuration_details"] = null,
            ["payment_method_options"] = new JsonObject { ["card"] = new JsonObject { ["request_three_d_secure"] = "automatic" } },
            ["payment_method_types"] = new JsonArray("card"),
            ["payment_status"] = PaymentStatus,
            ["permissions"] = null,
            ["phone_number_collection"] = new JsonObject { ["enabled"] = false },
            ["recovered_from"] = null,
            ["saved_payment_method_options"] = null,
            ["setup_intent"] = null,
            ["shipping_address_collection"] = null,
            ["shipping_cost"] = null,
            ["shipping_options"] = new JsonArray(),
            ["status"] = Status,
            ["submit_type"] = null,
            ["subscription"] = Subscription,
            ["success_url"] = SuccessUrl,
            ["total_details"] = new JsonObject { ["amount_discount"] = 0, ["amount_shipping"] = 0, ["amount_tax"] = 0 },
            ["ui_mode"] = "hosted_page",
            ["url"] = Status == "open" ? Url(state) : null,
            ["wallet_options"] = null,
        };
    }
}
