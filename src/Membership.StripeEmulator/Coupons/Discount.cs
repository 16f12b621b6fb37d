using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Coupons;

/// <summary>A coupon applied to a subscription, from <see cref="Start"/> until <see cref="End"/> (null: forever, or once).</summary>
internal sealed class Discount : StripeObject
{
    public override string Resource => "discount";

    public required string Coupon { get; init; }
    public required string Customer { get; init; }
    public string? Subscription { get; init; }
    public long Start { get; init; }
    public long? End { get; init; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "discount",
        ["checkout_session"] = null,
        ["customer"] = Customer,
        ["customer_account"] = null,
        ["end"] = End,
        ["invoice"] = null,
        ["invoice_item"] = null,
        ["promotion_code"] = null,
        ["source"] = new JsonObject { ["coupon"] = state.Coupons.Find(Coupon)?.Render(state) ?? (JsonNode)Coupon, ["type"] = "coupon" },
        ["start"] = Start,
        ["subscription"] = Subscription,
        ["subscription_item"] = null,
    };
}
