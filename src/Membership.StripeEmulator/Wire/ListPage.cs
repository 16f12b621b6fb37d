using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Wire;

/// <summary>Stripe's cursor pagination over a newest-first sequence: <c>limit</c>, <c>starting_after</c>, <c>ending_before</c>.</summary>
internal static class ListPage
{
    public static JsonObject Render<T>(EmulatorState state, IEnumerable<T> newestFirst, StripeParams p, string url, Func<T, JsonObject>? render = null)
        where T : StripeObject
    {
        var limit = p.Long("limit") ?? 10;
        if (limit is < 1 or > 100)
            throw StripeErrorException.Invalid("limit", "This value must be greater than or equal to 1 and less than or equal to 100.", "parameter_invalid_integer");
        var all = newestFirst.ToList();
        var startingAfter = p.String("starting_after");
        var endingBefore = p.String("ending_before");
        List<T> page;
        bool hasMore;
        if (!string.IsNullOrEmpty(startingAfter))
        {
            var at = IndexOf(all, startingAfter, "starting_after");
            var rest = all.Skip(at + 1).ToList();
            page = [.. rest.Take((int)limit)];
            hasMore = rest.Count > limit;
        }
        else if (!string.IsNullOrEmpty(endingBefore))
        {
            var at = IndexOf(all, endingBefore, "ending_before");
            var before = all.Take(at).ToList();
            page = [.. before.Skip(Math.Max(0, before.Count - (int)limit))];
            hasMore = before.Count > limit;
        }
        else
        {
            page = [.. all.Take((int)limit)];
            hasMore = all.Count > limit;
        }
        render ??= item => item.Render(state);
        return StripeJson.List(url, page.Select(item => (JsonNode?)render(item)), hasMore);
    }

    private static int IndexOf<T>(List<T> all, string id, string param) where T : StripeObject
    {
        var index = all.FindIndex(i => string.Equals(i.Id, id, StringComparison.Ordinal));
        return index >= 0 ? index : throw StripeErrorException.NotFound("object", id, param);
    }
}
