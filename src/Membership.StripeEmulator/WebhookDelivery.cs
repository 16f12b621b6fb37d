namespace Membership.StripeEmulator;

/// <summary>One delivery attempt of one event to one endpoint. <see cref="StatusCode"/> is null when no answer came (refused, timed out).</summary>
public sealed record WebhookDelivery(string EventId, string EventType, string Url, int Attempt, int? StatusCode, DateTimeOffset AttemptedAt)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
