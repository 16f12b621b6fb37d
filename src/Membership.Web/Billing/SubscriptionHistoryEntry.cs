namespace Membership.Web.Billing;

/// <summary>One change of a reader's billing state and what caused it (an event, a sync, an admin).</summary>
public sealed class SubscriptionHistoryEntry
{
    public long Id { get; set; }
    public Guid ReaderId { get; set; }
    public string? StripeSubscriptionId { get; set; }

    /// <summary>e.g. <c>status</c>, <c>cancel_at_period_end</c>, <c>refund</c>, <c>dispute</c>.</summary>
    public required string Change { get; set; }

    public string? From { get; set; }
    public string? To { get; set; }

    /// <summary>e.g. <c>webhook evt_123 customer.subscription.updated</c>, <c>scheduled sync</c>.</summary>
    public required string Cause { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}
