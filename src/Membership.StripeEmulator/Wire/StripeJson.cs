using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Wire;

internal static class StripeJson
{
    public const string ContentType = "application/json";

    /// <summary>Quotes and non-ASCII text as Stripe writes them, not as \u escapes.</summary>
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Ok(JsonNode node) => Results.Content(node.ToJsonString(StripeJson.Options), ContentType);

    public static async Task WriteAsync(HttpContext http, int status, JsonNode node)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = ContentType;
        await http.Response.WriteAsync(node.ToJsonString(StripeJson.Options), http.RequestAborted);
    }

    public static JsonObject Map(IReadOnlyDictionary<string, string> values)
    {
        var map = new JsonObject();
        foreach (var (key, value) in values)
            map[key] = value;
        return map;
    }

    public static JsonArray Array(IEnumerable<JsonNode?> items) => new([.. items]);

    public static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)JsonValue.Create(i))]);

    public static JsonObject List(string url, IEnumerable<JsonNode?> data, bool hasMore = false) => new()
    {
        ["object"] = "list",
        ["data"] = Array(data),
        ["has_more"] = hasMore,
        ["url"] = url,
    };
}
