using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Invoices;

/// <summary>What one discount took off one line.</summary>
internal sealed record DiscountAmount(string Discount, long Amount);

internal sealed class InvoiceLine
{
    public required string Id { get; init; }
    public required string Price { get; init; }
    public required long Quantity { get; init; }
    public required long Amount { get; init; }
    public required string Description { get; init; }
    public long PeriodStart { get; init; }
    public long PeriodEnd { get; init; }
    public string? SubscriptionItem { get; init; }

    /// <summary>The invoice item this line bills (a proration), if any.</summary>
    public string? InvoiceItem { get; init; }
    public bool Proration { get; init; }
    public List<DiscountAmount> DiscountAmounts { get; init; } = [];

    public static InvoiceLine For(InvoiceItem item) => new()
    {
        Id = Ids.New("il_1"),
        Price = item.Price,
        Quantity = item.Quantity,
        Amount = item.Amount,
        Description = item.Description,
        PeriodStart = item.PeriodStart,
        PeriodEnd = item.PeriodEnd,
        SubscriptionItem = item.SubscriptionItem,
        InvoiceItem = item.Id,
        Proration = item.Proration,
    };

    public JsonObject Render(EmulatorState state, Invoice invoice)
    {
        var price = state.Prices.Get(Price);
        return new JsonObject
        {
            ["id"] = Id,
            ["object"] = "line_item",
            ["amount"] = Amount,
            ["currency"] = invoice.Currency,
            ["description"] = Description,
            ["discount_amounts"] = StripeJson.Array(DiscountAmounts.Select(d => (JsonNode?)new JsonObject { ["amount"] = d.Amount, ["discount"] = d.Discount })),
            ["discountable"] = !Proration,
            ["discounts"] = StripeJson.Strings(DiscountAmounts.Select(d => d.Discount)),
            ["invoice"] = invoice.Id,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["parent"] = new JsonObject
            {
                ["invoice_item_details"] = null,
                ["subscription_item_details"] = new JsonObject
                {
                    ["invoice_item"] = InvoiceItem,
                    ["proration"] = Proration,
                    ["proration_details"] = new JsonObject { ["credited_items"] = null },
                    ["subscription"] = invoice.Subscription,
                    ["subscription_item"] = SubscriptionItem,
                },
                ["type"] = "subscription_item_details",
            },
            ["period"] = new JsonObject { ["end"] = PeriodEnd, ["start"] = PeriodStart },
            ["pretax_credit_amounts"] = new JsonArray(),
            ["pricing"] = new JsonObject
            {
                ["price_details"] = new JsonObject { ["price"] = price.Id, ["product"] = price.Product },
                ["type"] = "price_details",
                ["unit_amount_decimal"] = (Proration && Quantity != 0 ? Amount / (decimal)Quantity : price.UnitAmount).ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ["quantity"] = Quantity,
            ["quantity_decimal"] = Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["subscription"] = invoice.Subscription,
            ["subtotal"] = Amount,
            ["taxes"] = new JsonArray(),
        };
    }
}
