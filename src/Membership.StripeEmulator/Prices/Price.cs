using System.Globalization;
using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Prices;

internal sealed class Price : StripeObject
{
    public override string Resource => "price";

    public required string Product { get; init; }
    public required string Currency { get; init; }
    public required long UnitAmount { get; init; }
    public string? Interval { get; init; }
    public int IntervalCount { get; init; } = 1;
    public bool Active { get; set; } = true;
    public string? LookupKey { get; set; }
    public string? Nickname { get; set; }
    public string TaxBehavior { get; set; } = "unspecified";
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool IsRecurring => Interval is not null;

    /// <summary>Adds <paramref name="periods"/> billing intervals to a period start, as Stripe does from the billing cycle anchor.</summary>
    public DateTimeOffset AddIntervals(DateTimeOffset anchor, int periods) => Interval switch
    {
        "day" => anchor.AddDays(IntervalCount * periods),
        "week" => anchor.AddDays(7 * IntervalCount * periods),
        "year" => anchor.AddYears(IntervalCount * periods),
        _ => anchor.AddMonths(IntervalCount * periods),
    };

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "price",
        ["active"] = Active,
        ["billing_scheme"] = "per_unit",
        ["created"] = Created,
        ["currency"] = Currency,
        ["custom_unit_amount"] = null,
        ["livemode"] = false,
        ["lookup_key"] = LookupKey,
        ["metadata"] = StripeJson.Map(Metadata),
        ["nickname"] = Nickname,
        ["product"] = Product,
        ["recurring"] = IsRecurring
            ? new JsonObject
            {
                ["interval"] = Interval,
                ["interval_count"] = IntervalCount,
                ["meter"] = null,
                ["usage_type"] = "licensed",
                ["trial_period_days"] = null,
            }
            : null,
        ["tax_behavior"] = TaxBehavior,
        ["tiers_mode"] = null,
        ["transform_quantity"] = null,
        ["type"] = IsRecurring ? "recurring" : "one_time",
        ["unit_amount"] = UnitAmount,
        ["unit_amount_decimal"] = UnitAmount.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The legacy plan object Stripe still embeds in subscription items.</summary>
    public JsonObject RenderPlan() => new()
    {
        ["id"] = Id,
        ["object"] = "plan",
        ["active"] = Active,
        ["amount"] = UnitAmount,
        ["amount_decimal"] = UnitAmount.ToString(CultureInfo.InvariantCulture),
        ["billing_scheme"] = "per_unit",
        ["created"] = Created,
        ["currency"] = Currency,
        ["interval"] = Interval,
        ["interval_count"] = IntervalCount,
        ["livemode"] = false,
        ["metadata"] = StripeJson.Map(Metadata),
        ["meter"] = null,
        ["nickname"] = Nickname,
        ["product"] = Product,
        ["tiers_mode"] = null,
        ["transform_usage"] = null,
        ["trial_period_days"] = null,
        ["usage_type"] = "licensed",
    };
}
