using System.Globalization;
using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Coupons;

internal static class CouponsApi
{
    private static readonly string[] Durations = ["once", "repeating", "forever"];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/coupons", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/coupons", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/coupons/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Live(s, id).Render(s)));
        v1.MapPost("/coupons/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Update(s, r, id)));
        v1.MapDelete("/coupons/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Delete(s, r, id)));
    }

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("id", "percent_off", "amount_off", "currency", "duration", "duration_in_months", "name", "max_redemptions", "redeem_by", "metadata", "expand");
        var percent = p.String("percent_off") is { Length: > 0 } raw
            ? double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 100
                ? parsed
                : throw StripeErrorException.Invalid("percent_off", "Invalid percent_off: must be greater than 0 and at most 100.")
            : (double?)null;
        var amount = p.Long("amount_off");
        if ((percent is null) == (amount is null))
            throw StripeErrorException.Request("You must pass exactly one of percent_off or amount_off.");
        var currency = p.String("currency")?.ToLowerInvariant();
        if (amount is not null && string.IsNullOrEmpty(currency))
            throw StripeErrorException.Missing("currency");
        var duration = p.String("duration") ?? "once";
        if (!Durations.Contains(duration))
            throw StripeErrorException.Invalid("duration", "Invalid duration: must be one of once, repeating, or forever");
        var months = p.Long("duration_in_months");
        if (duration == "repeating" && months is not > 0)
            throw StripeErrorException.Missing("duration_in_months");
        var id = p.String("id") is { Length: > 0 } given ? given : Ids.New("", 8);
        if (state.Coupons.Find(id) is { Deleted: false })
            throw StripeErrorException.Invalid("id", "Coupon already exists.", "resource_already_exists");

        var coupon = state.Coupons.Add(new Coupon
        {
            Id = id,
            Created = state.WallNow(),
            PercentOff = percent,
            AmountOff = amount,
            Currency = amount is null ? null : currency,
            Duration = duration,
            DurationInMonths = duration == "repeating" ? months : null,
            Name = p.String("name"),
            MaxRedemptions = p.Long("max_redemptions"),
            RedeemBy = p.Long("redeem_by"),
            Metadata = MetadataUpdate.Apply([], p.Metadata()),
        });
        state.Emit("coupon.created", coupon, request.Cause);
        return coupon.Render(state);
    }

    private static JsonObject Update(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("name", "metadata", "expand");
        var coupon = Live(state, id);
        var before = coupon.Render(state);
        if (p.Has("name"))
            coupon.Name = p.String("name") is { Length: > 0 } name ? name : null;
        coupon.Metadata = MetadataUpdate.Apply(coupon.Metadata, p.Metadata());
        state.EmitIfChanged("coupon.updated", coupon, before, request.Cause);
        return coupon.Render(state);
    }

    /// <summary>Deleting a coupon stops new redemptions; discounts already made from it go on, as in Stripe.</summary>
    private static JsonObject Delete(EmulatorState state, StripeRequest request, string id)
    {
        var coupon = Live(state, id);
        var snapshot = coupon.Render(state);
        coupon.Deleted = true;
        state.Emit("coupon.deleted", coupon, request.Cause, snapshot: snapshot);
        return Api.Deleted(id, "coupon");
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("created", "limit", "starting_after", "ending_before", "expand");
        return ListPage.Render(state, CreatedFilter.Apply(state.Coupons.NewestFirst().Where(c => !c.Deleted), p), p, "/v1/coupons");
    }

    public static Coupon Live(EmulatorState state, string id, string param = "id")
    {
        var coupon = state.Coupons.Get(id, param);
        return coupon.Deleted ? throw StripeErrorException.NotFound("coupon", id, param) : coupon;
    }
}
