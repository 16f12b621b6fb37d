using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Tests.Infrastructure;

/// <summary>
/// Compares an emulator object's field names with Stripe's published example of that resource
/// (Fixtures/stripe-fixtures3.json): every field the example has must be present, at every nesting level
/// where both sides hold an object, and in the first element of lists. Values are not compared: the
/// example's are made up, and where the example shows an object the emulator may answer null.
/// </summary>
public static class StripeShape
{
    /// <summary>
    /// Fields the published example still carries but the pinned API version (2026-10-28.endive) removed,
    /// so Stripe.net 53.1.0 has no property for them.
    /// </summary>
    private static readonly HashSet<string> RemovedAtPinnedVersion = ["invoice.subscription"];

    /// <summary>Values whose keys belong to someone else: metadata is the caller's, an event's object is whatever changed.</summary>
    private static bool IsOpaque(string path) => path.EndsWith(".metadata", StringComparison.Ordinal) || path == "event.data.object";

    private static readonly Lazy<JsonObject> Fixtures = new(() =>
        JsonNode.Parse(System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stripe-fixtures3.json")))!["resources"]!.AsObject());

    public static void AssertMatchesFixture(string resource, string json) => AssertMatchesFixture(resource, JsonNode.Parse(json)!);

    public static void AssertMatchesFixture(string resource, JsonNode actual)
    {
        var fixture = Fixtures.Value[resource] ?? throw new ArgumentException($"No fixture for {resource}", nameof(resource));
        var missing = new List<string>();
        Compare(fixture, actual, resource, missing);
        Assert.True(missing.Count == 0, $"{resource} lacks fields Stripe's example has: {string.Join(", ", missing)}");
    }

    /// <summary>The raw JSON Stripe.net received for an entity.</summary>
    public static string Raw(IStripeEntity entity) => entity.StripeResponse?.Content ?? throw new ArgumentException("The entity came with no response", nameof(entity));

    /// <summary>The raw JSON of a list's first element (elements of a list carry no response of their own).</summary>
    public static JsonNode FirstOf<T>(StripeList<T> list) where T : IStripeEntity =>
        JsonNode.Parse(list.StripeResponse.Content)!["data"]![0] ?? throw new ArgumentException("The list is empty", nameof(list));

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> missing)
    {
        if (IsOpaque(path))
            return;
        if (expected is JsonObject expectedObject && actual is JsonObject actualObject)
        {
            foreach (var (key, value) in expectedObject)
            {
                var childPath = $"{path}.{key}";
                if (RemovedAtPinnedVersion.Contains(childPath))
                    continue;
                if (!actualObject.TryGetPropertyValue(key, out var actualValue))
                    missing.Add(childPath);
                else
                    Compare(value, actualValue, childPath, missing);
            }
        }
        else if (expected is JsonArray { Count: > 0 } expectedArray && actual is JsonArray { Count: > 0 } actualArray)
        {
            Compare(expectedArray[0], actualArray[0], $"{path}[]", missing);
        }
    }
}
