namespace Membership.StripeEmulator.Webhooks;

/// <summary>One event for one endpoint; <see cref="FirstAttemptAt"/> is set by the first attempt and bounds the retries.</summary>
internal sealed record WebhookJob(string EventId, string EventType, string Payload, WebhookTarget Target, int Attempt, DateTimeOffset? FirstAttemptAt = null);
