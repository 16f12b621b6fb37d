using System.Globalization;
using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Invoices;

/// <summary>
/// A pending charge or credit on a customer, billed by the subscription's next invoice: here only prorations,
/// made when an item's price or quantity changes mid-period (<c>proration=true</c>, never discountable).
/// </summary>
internal sealed class InvoiceItem : StripeObject
{
    public override string Resource => "invoiceitem";

    public required string Customer { get; init; }
    public required string Currency { get; init; }
    public required long Amount { get; init; }
    public required string Description { get; init; }
    public required string Price { get; init; }
    public long Quantity { get; init; } = 1;
    public long PeriodStart { get; init; }
    public long PeriodEnd { get; init; }
    public bool Proration { get; init; }
    public string? Subscription { get; init; }
    public string? SubscriptionItem { get; init; }
    public string? TestClock { get; init; }

    /// <summary>Null while pending; the invoice that billed it afterwards.</summary>
    public string? Invoice { get; set; }

    public string UnitAmountDecimal => Quantity == 0 ? "0" : (Amount / (decimal)Quantity).ToString(CultureInfo.InvariantCulture);

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "invoiceitem",
        ["amount"] = Amount,
        ["currency"] = Currency,
        ["customer"] = Customer,
        ["customer_account"] = null,
        ["date"] = Created,
        ["description"] = Description,
        ["discountable"] = !Proration,
        ["discounts"] = new JsonArray(),
        ["invoice"] = Invoice,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
        ["parent"] = Subscription is null ? null : new JsonObject
        {
            ["subscription_details"] = new JsonObject { ["subscription"] = Subscription, ["subscription_item"] = SubscriptionItem },
            ["type"] = "subscription_details",
        },
        ["period"] = new JsonObject { ["end"] = PeriodEnd, ["start"] = PeriodStart },
        ["pricing"] = new JsonObject
        {
            ["price_details"] = new JsonObject { ["price"] = Price, ["product"] = state.Prices.Get(Price).Product },
            ["type"] = "price_details",
            ["unit_amount_decimal"] = UnitAmountDecimal,
        },
        ["proration"] = Proration,
        ["proration_details"] = new JsonObject { ["credited_items"] = null, ["discount_amounts"] = new JsonArray() },
        ["quantity"] = Quantity,
        ["quantity_decimal"] = Quantity.ToString(CultureInfo.InvariantCulture),
        ["tax_rates"] = new JsonArray(),
        ["test_clock"] = TestClock,
    };
}
