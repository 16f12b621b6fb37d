namespace Membership.Web.Billing;

/// <summary>A verified Stripe event in the inbox: stored before the webhook is acknowledged.</summary>
public sealed class StripeEventRecord
{
    public required string Id { get; set; }
    public required string Type { get; set; }
    public DateTimeOffset StripeCreatedAt { get; set; }
    public string? ApiVersion { get; set; }

    /// <summary>The event exactly as received: JSON, kept as text so any signed event fits (see StripeEventInbox.StoreAsync).</summary>
    public required string Payload { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
    public StripeEventStatus Status { get; set; }
    public int Attempts { get; set; }

    /// <summary>When a worker may take it next: after a backoff, or when another worker's lease ends.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
    public string? LastError { get; set; }
    public Guid? ReaderId { get; set; }
}

public enum StripeEventStatus
{
    Pending = 0,
    Processed = 1,
    Ignored = 2,
    Failed = 3,
}
