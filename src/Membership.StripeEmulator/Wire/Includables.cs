using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Wire;

/// <summary>
/// Properties Stripe leaves out of an object unless asked for with <c>expand[]</c> (it calls them includable):
/// a Checkout Session's <c>line_items</c>, an invoice's <c>payments</c>. Null: the object has no such property.
/// </summary>
internal static class Includables
{
    public static JsonNode? Render(EmulatorState state, JsonObject owner, string property)
    {
        var id = (string?)owner["id"];
        return ((string?)owner["object"], property) switch
        {
            ("checkout.session", "line_items") when id is not null => CheckoutSessionsApi.LineItems(state, state.CheckoutSessions.Get(id)),
            ("invoice", "payments") when id is not null => InvoicesApi.Payments(state, id),
            _ => null,
        };
    }
}
