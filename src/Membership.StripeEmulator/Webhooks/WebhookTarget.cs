namespace Membership.StripeEmulator.Webhooks;

internal sealed record WebhookTarget(string Url, string Secret);
