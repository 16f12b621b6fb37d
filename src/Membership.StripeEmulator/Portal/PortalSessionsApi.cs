using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.Portal;

internal static class PortalSessionsApi
{
    public static void Map(RouteGroupBuilder v1) =>
        v1.MapPost("/billing_portal/sessions", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("customer", "return_url", "configuration", "locale", "on_behalf_of", "expand");
        var customer = CustomersApi.Live(state, p.RequiredString("customer"), "customer");
        var returnUrl = p.String("return_url");
        if (!string.IsNullOrEmpty(returnUrl) && !Uri.TryCreate(returnUrl, UriKind.Absolute, out _))
            throw StripeErrorException.Invalid("return_url", "Not a valid URL", "url_invalid");
        var session = state.PortalSessions.Add(new PortalSession
        {
            Id = Ids.New("bps_1"),
            Created = state.WallNow(),
            Customer = customer.Id,
            ReturnUrl = string.IsNullOrEmpty(returnUrl) ? null : returnUrl,
            Configuration = p.String("configuration") is { Length: > 0 } configuration ? configuration : state.PortalConfigurationId,
            Locale = p.String("locale"),
        });
        state.Emit("billing_portal.session.created", session, request.Cause);
        return session.Render(state);
    }
}
