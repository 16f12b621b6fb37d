namespace Membership.StripeEmulator.Webhooks;

/// <summary>Where one event goes: the endpoint's id keeps its deliveries in a queue of their own.</summary>
internal sealed record WebhookTarget(string EndpointId, string Url, string Secret);
