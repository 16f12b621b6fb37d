using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Coupons;

internal sealed class Coupon : StripeObject
{
    public override string Resource => "coupon";

    public double? PercentOff { get; init; }
    public long? AmountOff { get; init; }
    public string? Currency { get; init; }

    /// <summary><c>once</c>, <c>repeating</c> (for <see cref="DurationInMonths"/>) or <c>forever</c>.</summary>
    public required string Duration { get; init; }
    public long? DurationInMonths { get; init; }
    public string? Name { get; set; }
    public long? MaxRedemptions { get; init; }
    public long? RedeemBy { get; init; }
    public long TimesRedeemed { get; set; }
    public bool Deleted { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = [];

    public bool Valid => !Deleted && (MaxRedemptions is null || TimesRedeemed < MaxRedemptions);

    /// <summary>What the coupon takes off an amount (percent rounded as Stripe rounds, to the nearest unit).</summary>
    public long Off(long amount) => PercentOff is { } percent
        ? (long)Math.Round(amount * (decimal)percent / 100m, MidpointRounding.AwayFromZero)
        : Math.Min(amount, AmountOff ?? 0);

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "coupon",
        ["amount_off"] = AmountOff,
        ["created"] = Created,
        ["currency"] = Currency,
        ["duration"] = Duration,
        ["duration_in_months"] = DurationInMonths,
        ["livemode"] = false,
        ["max_redemptions"] = MaxRedemptions,
        ["metadata"] = StripeJson.Map(Metadata),
        ["name"] = Name,
        ["percent_off"] = PercentOff,
        ["redeem_by"] = RedeemBy,
        ["times_redeemed"] = TimesRedeemed,
        ["valid"] = Valid,
    };
}
