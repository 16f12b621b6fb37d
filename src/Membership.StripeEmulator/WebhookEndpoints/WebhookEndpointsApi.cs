using System.Text.Json.Nodes;

namespace Membership.StripeEmulator.WebhookEndpoints;

internal static class WebhookEndpointsApi
{
    public static void Map(RouteGroupBuilder v1)
    {
        v1.MapPost("/webhook_endpoints", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Create(s, r)));
        v1.MapGet("/webhook_endpoints", (StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => List(s, r)));
        v1.MapGet("/webhook_endpoints/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => s.WebhookEndpoints.Get(id).Render(s)));
        v1.MapPost("/webhook_endpoints/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Update(s, r, id)));
        v1.MapDelete("/webhook_endpoints/{id}", (string id, StripeRequest r, EmulatorState s) => Api.Respond(s, r, () => Delete(s, id)));
    }

    private const string AtStart = "Registered at start (Emulator:WebhookUrl)";

    /// <summary>The configured endpoint; after a restart with saved state it is the same endpoint, with the URL and secret configured now.</summary>
    public static void RegisterAtStart(EmulatorState state, string url, string secret)
    {
        if (state.WebhookEndpoints.All.FirstOrDefault(e => e.Description == AtStart) is { } existing)
        {
            existing.Url = url;
            existing.Secret = secret;
            state.Changes.Changed();
            return;
        }
        Register(state, url, secret, ["*"], AtStart);
    }

    public static WebhookEndpoint Register(EmulatorState state, string url, string secret, IReadOnlyList<string> enabledEvents, string? description = null) =>
        state.WebhookEndpoints.Add(new WebhookEndpoint
        {
            Id = Ids.New("we_1"),
            Created = state.WallNow(),
            Url = url,
            Secret = secret,
            EnabledEvents = [.. enabledEvents],
            Description = description,
            ApiVersion = EmulatorState.ApiVersion,
        });

    private static JsonObject Create(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("url", "enabled_events", "description", "metadata", "api_version", "connect", "expand");
        var url = ValidUrl(p.RequiredString("url"));
        if (p.String("api_version") is { Length: > 0 } version && version != EmulatorState.ApiVersion)
            throw new StripeErrorException(400, "invalid_request_error", $"Invalid Stripe API version: {version}", param: "api_version");
        var events = p.StringList("enabled_events");
        if (events.Count == 0)
            throw StripeErrorException.Missing("enabled_events");
        var endpoint = Register(state, url, Ids.New("whsec_", 32), events, p.String("description"));
        endpoint.Metadata = MetadataUpdate.Apply([], p.Metadata());
        return endpoint.Render(state, withSecret: true);
    }

    private static JsonObject Update(EmulatorState state, StripeRequest request, string id)
    {
        var p = request.Params;
        p.AllowOnly("url", "enabled_events", "description", "metadata", "disabled", "expand");
        var endpoint = state.WebhookEndpoints.Get(id);
        if (p.String("url") is { Length: > 0 } url)
            endpoint.Url = ValidUrl(url);
        if (p.StringList("enabled_events") is { Count: > 0 } events)
            endpoint.EnabledEvents = [.. events];
        if (p.Bool("disabled") is { } disabled)
            endpoint.Enabled = !disabled;
        if (p.Has("description"))
            endpoint.Description = p.String("description") is { Length: > 0 } description ? description : null;
        endpoint.Metadata = MetadataUpdate.Apply(endpoint.Metadata, p.Metadata());
        return endpoint.Render(state);
    }

    private static JsonObject Delete(EmulatorState state, string id)
    {
        state.WebhookEndpoints.Get(id);
        state.WebhookEndpoints.Remove(id);
        return Api.Deleted(id, "webhook_endpoint");
    }

    private static JsonObject List(EmulatorState state, StripeRequest request)
    {
        var p = request.Params;
        p.AllowOnly("limit", "starting_after", "ending_before", "expand");
        return ListPage.Render(state, state.WebhookEndpoints.NewestFirst(), p, "/v1/webhook_endpoints");
    }

    private static string ValidUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw StripeErrorException.Invalid("url", "Invalid URL: URL must be publicly accessible.", "url_invalid");
}
