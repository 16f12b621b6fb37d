using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Prices;

internal static class PricesApi
{
    private static readonly string[] Intervals = ["day", "week", "month", "year"];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/prices", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/prices", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/prices/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Prices.Get(id).Render(s)));
        v1.MapPost("/prices/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Update(s, r, id)));
    }

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("currency", "product", "product_data", "unit_amount", "unit_amount_decimal", "recurring", "lookup_key", "transfer_lookup_key",
            "metadata", "nickname", "active", "tax_behavior", "billing_scheme", "expand");
        var currency = p.RequiredString("currency").ToLowerInvariant();
        var amount = p.Long("unit_amount") ?? (p.String("unit_amount_decimal") is { Length: > 0 } dec
            ? (long)decimal.Parse(dec, System.Globalization.CultureInfo.InvariantCulture)
            : throw StripeErrorException.Missing("unit_amount"));
        if (amount < 0)
            throw StripeErrorException.Invalid("unit_amount", "This value must be greater than or equal to 0.", "parameter_invalid_integer");

        string? interval = null;
        var intervalCount = 1;
        if (p.Object("recurring") is { } recurring)
        {
            recurring.AllowOnly("interval", "interval_count", "usage_type", "trial_period_days", "meter");
            interval = recurring.RequiredString("interval");
            if (!Intervals.Contains(interval))
                throw StripeErrorException.Invalid("recurring[interval]", $"Invalid recurring[interval]: must be one of day, week, month, or year");
            intervalCount = (int)(recurring.Long("interval_count") ?? 1);
        }

        var productId = p.String("product");
        if (string.IsNullOrEmpty(productId) && p.Object("product_data") is null)
            throw StripeErrorException.Missing("product");
        var lookupKey = p.String("lookup_key");
        var transfer = p.Bool("transfer_lookup_key") ?? false;
        var holder = string.IsNullOrEmpty(lookupKey) ? null : state.Prices.All.FirstOrDefault(x => x.LookupKey == lookupKey);
        if (holder is not null && !transfer)
        {
            throw StripeErrorException.Invalid("lookup_key",
                $"A price (`{holder.Id}`) already uses that lookup key. Use transfer_lookup_key to move it to this price.");
        }

        var product = string.IsNullOrEmpty(productId)
            ? ProductsApi.Create(state, p.Object("product_data")!.RequiredString("name"), null, request.Cause, p.Object("product_data"))
            : state.Products.Get(productId, "product");
        var price = state.Prices.Add(new Price
        {
            Id = Ids.New("price_1"),
            Created = state.WallNow(),
            Product = product.Id,
            Currency = currency,
            UnitAmount = amount,
            Interval = interval,
            IntervalCount = intervalCount,
            Active = p.Bool("active") ?? true,
            Nickname = p.String("nickname"),
            TaxBehavior = p.String("tax_behavior") ?? "unspecified",
            Metadata = MetadataUpdate.Apply([], p.Metadata()),
        });
        if (holder is not null)
            MoveLookupKey(state, holder, request.Cause);
        price.LookupKey = string.IsNullOrEmpty(lookupKey) ? null : lookupKey;
        state.Emit("price.created", price, request.Cause);
        return price.Render(state);
    }

    private static JsonObject Update(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("active", "metadata", "nickname", "lookup_key", "transfer_lookup_key", "tax_behavior", "expand");
        var price = state.Prices.Get(id);
        if (p.Has("lookup_key"))
        {
            var lookupKey = p.String("lookup_key");
            var holder = string.IsNullOrEmpty(lookupKey) ? null : state.Prices.All.FirstOrDefault(x => x.LookupKey == lookupKey && x != price);
            if (holder is not null)
            {
                if (p.Bool("transfer_lookup_key") != true)
                    throw StripeErrorException.Invalid("lookup_key", $"A price (`{holder.Id}`) already uses that lookup key. Use transfer_lookup_key to move it to this price.");
                MoveLookupKey(state, holder, request.Cause);
            }
        }
        var before = price.Render(state);
        if (p.Has("lookup_key"))
            price.LookupKey = p.String("lookup_key") is { Length: > 0 } key ? key : null;
        if (p.Bool("active") is { } active)
            price.Active = active;
        if (p.Has("nickname"))
            price.Nickname = p.String("nickname") is { Length: > 0 } nickname ? nickname : null;
        if (p.String("tax_behavior") is { Length: > 0 } taxBehavior)
            price.TaxBehavior = taxBehavior;
        price.Metadata = MetadataUpdate.Apply(price.Metadata, p.Metadata());
        state.EmitIfChanged("price.updated", price, before, request.Cause);
        return price.Render(state);
    }

    private static void MoveLookupKey(EmulatorState state, Price holder, EventCause cause)
    {
        var before = holder.Render(state);
        holder.LookupKey = null;
        state.EmitIfChanged("price.updated", holder, before, cause);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("active", "currency", "product", "type", "lookup_keys", "recurring", "created", "limit", "starting_after", "ending_before", "expand");
        var active = p.Bool("active");
        var currency = p.String("currency");
        var product = p.String("product");
        var type = p.String("type");
        var lookupKeys = p.StringList("lookup_keys");
        var interval = p.Object("recurring")?.String("interval");
        var prices = state.Prices.NewestFirst().Where(x =>
            (active is null || x.Active == active)
            && (currency is null || x.Currency == currency)
            && (product is null || x.Product == product)
            && (type is null || (type == "recurring") == x.IsRecurring)
            && (lookupKeys.Count == 0 || (x.LookupKey is not null && lookupKeys.Contains(x.LookupKey)))
            && (interval is null || x.Interval == interval));
        return ListPage.Render(state, CreatedFilter.Apply(prices, p), p, "/v1/prices");
    }
}
