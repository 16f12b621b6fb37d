using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Disputes;

internal static class DisputesApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapGet("/disputes/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.Disputes.Get(id).Render(s)));
        v1.MapGet("/disputes", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("charge", "payment_intent", "created", "limit", "starting_after", "ending_before", "expand");
        var charge = p.String("charge");
        var intent = p.String("payment_intent");
        var disputes = state.Disputes.NewestFirst().Where(d => (charge is null || d.Charge == charge) && (intent is null || state.Charges.Get(d.Charge).PaymentIntent == intent));
        return ListPage.Render(state, CreatedFilter.Apply(disputes, p), p, "/v1/disputes");
    }
}
