using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Wire;

/// <summary>
/// Stripe's <c>expand[]</c>: each dotted path names an id to replace with its object, walking through
/// lists (<c>data.customer</c>) and already-embedded objects (<c>items.data.price.product</c>), or an includable
/// property to add (<c>line_items</c>, <c>latest_invoice.payments</c>, see <see cref="Includables"/>).
/// </summary>
internal static class Expander
{
    public static void Apply(EmulatorState state, JsonObject root, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            if (path.Split('.').Length > 4)
                throw StripeErrorException.Invalid("expand", $"You cannot expand more than 4 levels of a property. Property: {path}");
            Walk(state, root, path.Split('.'), 0, path);
        }
    }

    private static void Walk(EmulatorState state, JsonNode? node, string[] segments, int index, string path)
    {
        if (node is JsonArray array)
        {
            foreach (var item in array)
                Walk(state, item, segments, index, path);
            return;
        }
        if (node is not JsonObject obj || index >= segments.Length)
            return;
        var key = segments[index];
        if (!obj.TryGetPropertyValue(key, out var value))
        {
            value = Includables.Render(state, obj, key) ?? throw StripeErrorException.Invalid("expand", $"This property cannot be expanded ({path}).");
            obj[key] = value;
        }
        if (value is JsonValue scalar && scalar.TryGetValue<string>(out var id))
        {
            value = Expand(state, id, path);
            obj[key] = value;
        }
        else if (value is JsonArray ids && ids.All(i => i is JsonValue v && v.TryGetValue<string>(out _)))
        {
            // A list of ids (a subscription's discounts): each becomes its object.
            value = StripeJson.Array(ids.Select(i => (JsonNode?)Expand(state, i!.GetValue<string>(), path)).ToList());
            obj[key] = value;
        }
        Walk(state, value, segments, index + 1, path);
    }

    private static JsonObject Expand(EmulatorState state, string id, string path) =>
        (state.Find(id) ?? throw StripeErrorException.Invalid("expand", $"This property cannot be expanded ({path}).")).Render(state);
}
