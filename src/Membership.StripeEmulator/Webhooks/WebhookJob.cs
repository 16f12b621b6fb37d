namespace Membership.StripeEmulator.Webhooks;

/// <summary>
/// One event for one endpoint; <see cref="FirstAttemptAt"/> is set by the first attempt and bounds the retries.
/// <see cref="Payload"/> writes the body when it is sent (from the event's compacted data), so thousands of queued
/// deliveries hold no copy of their bodies.
/// </summary>
internal sealed record WebhookJob(string EventId, string EventType, Func<byte[]> Payload, WebhookTarget Target, int Attempt, DateTimeOffset? FirstAttemptAt = null);

/// <summary>A delivery not yet done, as the state file keeps it: the job, its endpoint and when it is next due.</summary>
internal sealed record SavedDelivery(string EventId, string EventType, string Payload, string EndpointId, string Url, string Secret, int Attempt,
    DateTimeOffset? FirstAttemptAt, DateTimeOffset Due);
