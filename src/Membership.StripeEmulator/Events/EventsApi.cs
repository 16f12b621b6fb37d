using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Events;

internal static class EventsApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/events", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/events/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Events.Get(id).Render(s)));
    }

    /// <summary>Newest first; <c>type</c> may end in <c>*</c> (<c>customer.subscription.*</c>); <c>types[]</c> lists exact types.</summary>
    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("type", "types", "created", "delivery_success", "limit", "starting_after", "ending_before", "expand");
        var type = p.String("type");
        var types = p.StringList("types");
        if (type is not null && types.Count > 0)
            throw StripeErrorException.Request("You may only specify one of these parameters: type, types.");
        var events = state.Events.NewestFirst().Where(e => Matches(e.Type, type) && (types.Count == 0 || types.Contains(e.Type)));
        return ListPage.Render(state, CreatedFilter.Apply(events, p), p, "/v1/events");
    }

    private static bool Matches(string eventType, string? filter) =>
        filter is null
        || (filter.EndsWith('*') ? eventType.StartsWith(filter[..^1], StringComparison.Ordinal) : eventType == filter);
}
