using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Products;

internal sealed class Product : StripeObject
{
    public override string Resource => "product";

    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Active { get; set; } = true;
    public Dictionary<string, string> Metadata { get; set; } = [];
    public string? DefaultPrice { get; set; }
    public string? StatementDescriptor { get; set; }
    public string? UnitLabel { get; set; }
    public string? Url { get; set; }
    public long Updated { get; set; }

    public override JsonObject Render(EmulatorState state) => new()
    {
        ["id"] = Id,
        ["object"] = "product",
        ["active"] = Active,
        ["created"] = Created,
        ["default_price"] = DefaultPrice,
        ["description"] = Description,
        ["images"] = new JsonArray(),
        ["livemode"] = false,
        ["marketing_features"] = new JsonArray(),
        ["metadata"] = StripeJson.Map(Metadata),
        ["name"] = Name,
        ["package_dimensions"] = null,
        ["shippable"] = null,
        ["statement_descriptor"] = StatementDescriptor,
        ["tax_code"] = null,
        ["tax_details"] = null,
        ["unit_label"] = UnitLabel,
        ["updated"] = Updated,
        ["url"] = Url,
        ["type"] = "service",
    };
}
