using System.Collections.Frozen;
using Stripe;
using Stripe.Checkout;

namespace Membership.Web.Billing;

public sealed record EventOutcome(bool Handled, Guid? ReaderId);

/// <summary>
/// Turns one stored event into a sync. Handlers never apply the event's own copy of an object: they
/// re-read it from Stripe through <see cref="SubscriptionSync"/>, so a late or repeated event is harmless.
/// </summary>
public sealed class StripeEventProcessor(SubscriptionSync sync, BillingTimeline timeline, StripeClient stripe)
{
    /// <summary>
    /// The types <see cref="ProcessAsync(StripeEventRecord, Event, StripeSyncMemo, CancellationToken)"/> acts on (and
    /// the only ones <see cref="BillingMails"/> mails for). Any other type is recorded as ignored without being processed:
    /// a renewal brings seven such events (<c>invoice.created</c>, the payment's) for every two that need a re-read.
    /// </summary>
    private static readonly FrozenSet<string> HandledTypes = new[]
    {
        EventTypes.CheckoutSessionCompleted,
        EventTypes.CustomerSubscriptionCreated, EventTypes.CustomerSubscriptionUpdated, EventTypes.CustomerSubscriptionDeleted,
        EventTypes.CustomerSubscriptionPaused, EventTypes.CustomerSubscriptionResumed,
        EventTypes.InvoicePaid, EventTypes.InvoicePaymentFailed,
        EventTypes.CustomerDeleted, EventTypes.ChargeRefunded, EventTypes.ChargeDisputeCreated,
    }.ToFrozenSet(StringComparer.Ordinal);

    public static bool Handles(string type) => HandledTypes.Contains(type);

    public static Event Parse(StripeEventRecord record) =>
        EventUtility.ParseEvent(LoneSurrogateEscapes.Replace(record.Payload), throwOnApiVersionMismatch: false);

    /// <summary>
    /// The Stripe object an event makes us re-read: its subscription, else its customer, else the event
    /// itself. Events with the same key are processed in order and may share one re-read.
    /// </summary>
    public static string SyncKey(Event stripeEvent) => stripeEvent.Data.Object switch
    {
        Subscription subscription => subscription.Id,
        Invoice invoice => invoice.Parent?.SubscriptionDetails?.SubscriptionId ?? invoice.CustomerId ?? stripeEvent.Id,
        Session session => session.SubscriptionId ?? session.CustomerId ?? session.Id,
        Customer customer => customer.Id,
        Charge charge => charge.CustomerId ?? stripeEvent.Id,
        _ => stripeEvent.Id,
    };

    public Task<EventOutcome> ProcessAsync(StripeEventRecord record, CancellationToken cancellationToken) =>
        ProcessAsync(record, Parse(record), new StripeSyncMemo(), cancellationToken);

    /// <summary>
    /// Processes one event. A subscription (or customer) already re-read for an earlier event of the same
    /// batch is not read again: that read began after this event was stored, so it saw what this event says.
    /// </summary>
    public async Task<EventOutcome> ProcessAsync(StripeEventRecord record, Event stripeEvent, StripeSyncMemo memo, CancellationToken cancellationToken)
    {
        var cause = $"webhook {record.Id} {record.Type}";
        var data = stripeEvent.Data.Object;
        switch (stripeEvent.Type)
        {
            case EventTypes.CheckoutSessionCompleted:
                return Handled(await sync.SyncCheckoutSessionAsync(((Session)data).Id, cause, cancellationToken));

            case EventTypes.CustomerSubscriptionCreated:
            case EventTypes.CustomerSubscriptionUpdated:
            case EventTypes.CustomerSubscriptionDeleted:
            case EventTypes.CustomerSubscriptionPaused:
            case EventTypes.CustomerSubscriptionResumed:
                var subscription = (Subscription)data;
                return Handled(await memo.OnceAsync("subscription " + subscription.Id,
                    () => sync.SyncSubscriptionAsync(subscription.Id, subscription.CustomerId, cause, cancellationToken)));

            case EventTypes.InvoicePaid:
            case EventTypes.InvoicePaymentFailed:
                var invoice = (Invoice)data;
                var subscriptionId = invoice.Parent?.SubscriptionDetails?.SubscriptionId;
                return subscriptionId is null
                    ? Handled(await memo.OnceAsync("customer " + invoice.CustomerId,
                        () => sync.SyncCustomerAsync(invoice.CustomerId, cause, cancellationToken)))
                    : Handled(await memo.OnceAsync("subscription " + subscriptionId,
                        () => sync.SyncSubscriptionAsync(subscriptionId, invoice.CustomerId, cause, cancellationToken)));

            case EventTypes.CustomerDeleted:
                return Handled(await sync.CustomerDeletedAsync(((Customer)data).Id, cause, cancellationToken));

            case EventTypes.ChargeRefunded:
                var charge = (Charge)data;
                return Handled(await timeline.RecordMoneyEventAsync(charge.CustomerId, "refund",
                    $"{charge.AmountRefunded} {charge.Currency} refunded", cause, cancellationToken));

            case EventTypes.ChargeDisputeCreated:
                var dispute = (Dispute)data;
                var disputed = await stripe.V1.Charges.GetAsync(dispute.ChargeId, cancellationToken: cancellationToken);
                return Handled(await timeline.RecordMoneyEventAsync(disputed.CustomerId, "dispute",
                    $"{dispute.Amount} {dispute.Currency} disputed ({dispute.Reason})", cause, cancellationToken));

            default:
                System.Diagnostics.Debug.Assert(!Handles(stripeEvent.Type), $"{stripeEvent.Type} is listed as handled but has no case");
                return new EventOutcome(false, null);
        }
    }

    private static EventOutcome Handled(Guid? readerId) => new(true, readerId);
}
