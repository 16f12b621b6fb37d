namespace Membership.Web.Billing;

/// <summary>
/// The local copy of a Stripe subscription. Written only by <c>SubscriptionSync</c>, always from
/// Stripe's current object, so delivery order and repetition of webhooks cannot matter.
/// </summary>
public sealed class MemberSubscription
{
    public required string StripeSubscriptionId { get; set; }
    public Guid ReaderId { get; set; }
    public required string StripeCustomerId { get; set; }
    public string? PlanKey { get; set; }
    public string? StripePriceId { get; set; }
    public required string Status { get; set; }
    public DateTimeOffset? CurrentPeriodEnd { get; set; }
    public bool CancelAtPeriodEnd { get; set; }
    public DateTimeOffset? CancelAt { get; set; }
    public DateTimeOffset? CanceledAt { get; set; }
    public DateTimeOffset? TrialEnd { get; set; }

    /// <summary>
    /// Stripe's <c>pause_collection</c> is set: the subscription stays "active" in Stripe but is not charged,
    /// and the reader is not ad-free until <see cref="PauseResumesAt"/> (or, without one, until it is unset).
    /// </summary>
    public bool CollectionPaused { get; set; }

    public DateTimeOffset? PauseResumesAt { get; set; }

    /// <summary>The version of the terms the reader accepted at checkout, and when (kept in the subscription's Stripe metadata).</summary>
    public string? TermsVersion { get; set; }

    public DateTimeOffset? TermsAcceptedAt { get; set; }

    /// <summary>When the payment that made it past_due first failed; the grace period counts from here.</summary>
    public DateTimeOffset? FirstFailedPaymentAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// The read ticket of the Stripe read last written here (see <see cref="SubscriptionSync"/>): a write from
    /// an older read is refused, so a slow read cannot overwrite a newer one.
    /// </summary>
    public long ReadTicket { get; set; }

    /// <summary>Stripe's <c>created</c> of the object last applied, for the explain view.</summary>
    public DateTimeOffset StripeCreatedAt { get; set; }
}
