using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Invoices;

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
            ["discount_amounts"] = new JsonArray(),
            ["discountable"] = true,
            ["discounts"] = new JsonArray(),
            ["invoice"] = invoice.Id,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["parent"] = new JsonObject
            {
                ["invoice_item_details"] = null,
                ["subscription_item_details"] = new JsonObject
                {
                    ["invoice_item"] = null,
                    ["proration"] = false,
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
                ["unit_amount_decimal"] = price.UnitAmount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            ["quantity"] = Quantity,
            ["quantity_decimal"] = Quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["subscription"] = invoice.Subscription,
            ["subtotal"] = Amount,
            ["taxes"] = new JsonArray(),
        };
    }
}
