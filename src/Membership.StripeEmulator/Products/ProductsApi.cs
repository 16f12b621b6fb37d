using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Products;

internal static class ProductsApi
{
    private static readonly string[] Editable = ["name", "description", "active", "metadata", "statement_descriptor", "unit_label", "url", "images", "marketing_features", "tax_code", "shippable", "expand"];

    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/products", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/products", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/products/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Products.Get(id).Render(s)));
        v1.MapPost("/products/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Update(s, r, id)));
        v1.MapDelete("/products/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Delete(s, r, id)));
    }

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly([.. Editable, "id", "default_price_data", "type"]);
        var id = p.String("id");
        if (!string.IsNullOrEmpty(id) && state.Products.Find(id) is not null)
            throw StripeErrorException.Invalid("id", $"Product already exists.", "resource_already_exists");
        var product = Create(state, p.RequiredString("name"), string.IsNullOrEmpty(id) ? null : id, request.Cause, p);
        return product.Render(state);
    }

    public static Product Create(EmulatorState state, string name, string? id, EventCause cause, StripeParams? p = null)
    {
        var now = state.WallNow();
        var product = state.Products.Add(new Product
        {
            Id = id ?? Ids.New("prod_", 14),
            Created = now,
            Updated = now,
            Name = name,
            Description = p?.String("description"),
            Active = p?.Bool("active") ?? true,
            Metadata = MetadataUpdate.Apply([], p?.Metadata()),
            StatementDescriptor = p?.String("statement_descriptor"),
            UnitLabel = p?.String("unit_label"),
            Url = p?.String("url"),
        });
        state.Emit("product.created", product, cause);
        return product;
    }

    private static JsonObject Update(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly([.. Editable, "default_price"]);
        var product = state.Products.Get(id);
        var before = product.Render(state);
        if (p.Has("name"))
            product.Name = p.RequiredString("name");
        if (p.Has("description"))
            product.Description = Blank(p.String("description"));
        if (p.Bool("active") is { } active)
            product.Active = active;
        if (p.Has("default_price"))
            product.DefaultPrice = Blank(p.String("default_price")) is { } price ? state.Prices.Get(price, "default_price").Id : null;
        if (p.Has("statement_descriptor"))
            product.StatementDescriptor = Blank(p.String("statement_descriptor"));
        if (p.Has("unit_label"))
            product.UnitLabel = Blank(p.String("unit_label"));
        if (p.Has("url"))
            product.Url = Blank(p.String("url"));
        product.Metadata = MetadataUpdate.Apply(product.Metadata, p.Metadata());
        if (JsonDiff.PreviousAttributes(before, product.Render(state)) is not null)
            product.Updated = state.WallNow();
        state.EmitIfChanged("product.updated", product, before, request.Cause);
        return product.Render(state);
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("active", "ids", "created", "shippable", "url", "limit", "starting_after", "ending_before", "expand");
        var active = p.Bool("active");
        var ids = p.StringList("ids");
        var products = state.Products.NewestFirst().Where(x => (active is null || x.Active == active) && (ids.Count == 0 || ids.Contains(x.Id)));
        return ListPage.Render(state, CreatedFilter.Apply(products, p), p, "/v1/products");
    }

    private static JsonObject Delete(EmulatorState state, StripeRequest request, string id)
    {
        var product = state.Products.Get(id);
        if (state.Prices.All.Any(price => price.Product == id))
            throw StripeErrorException.Request("This product cannot be deleted because it has one or more user-created prices.");
        state.Products.Remove(id);
        state.Emit("product.deleted", product, request.Cause);
        return Api.Deleted(id, "product");
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
