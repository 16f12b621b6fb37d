using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Engine;

/// <summary>Stripe's <c>previous_attributes</c>: old values of changed keys, nested hashes partial, arrays whole.</summary>
internal static class JsonDiff
{
    public static JsonObject? PreviousAttributes(JsonObject before, JsonObject after)
    {
        var previous = new JsonObject();
        foreach (var (key, old) in before)
        {
            var now = after[key];
            if (JsonNode.DeepEquals(old, now))
                continue;
            if (old is JsonObject oldObject && now is JsonObject newObject)
                previous[key] = PreviousAttributes(oldObject, newObject) ?? new JsonObject();
            else
                previous[key] = old?.DeepClone();
        }
        return previous.Count == 0 ? null : previous;
    }
}
