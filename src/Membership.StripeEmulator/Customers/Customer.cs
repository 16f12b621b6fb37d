using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Customers;

internal sealed class Customer : StripeObject
{
    public override string Resource => "customer";

    public string? Email { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? Phone { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];
    public string? TestClock { get; init; }
    public string? DefaultPaymentMethod { get; set; }
    public string? Currency { get; set; }
    public string InvoicePrefix { get; init; } = Ids.New("", 8).ToUpperInvariant();
    public int NextInvoiceSequence { get; set; } = 1;
    public bool Deleted { get; set; }

    /// <summary>Negative: credit the next invoices use before charging (left by an invoice whose total was negative).</summary>
    public long Balance { get; set; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "customer",
        ["address"] = null,
        ["balance"] = Balance,
        ["created"] = Created,
        ["currency"] = Currency,
        ["default_source"] = null,
        ["delinquent"] = state.Invoices.All.Any(i => i.Customer == Id && i.Status == "open" && i.AttemptCount > 0),
        ["description"] = Description,
        ["discount"] = null,
        ["email"] = Email,
        ["invoice_prefix"] = InvoicePrefix,
        ["invoice_settings"] = new JsonObject
        {
            ["custom_fields"] = null,
            ["default_payment_method"] = DefaultPaymentMethod,
            ["footer"] = null,
            ["rendering_options"] = null,
        },
        ["livemode"] = false,
        ["metadata"] = StripeJson.Map(Metadata),
        ["name"] = Name,
        ["next_invoice_sequence"] = NextInvoiceSequence,
        ["phone"] = Phone,
        ["preferred_locales"] = new JsonArray(),
        ["shipping"] = null,
        ["tax_exempt"] = "none",
        ["test_clock"] = TestClock,
        ["customer_account"] = null,
    };
}
