using Membership.Web.Entitlements;
using System.Text.Json;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>
/// Which mail a processed Stripe event sends: <c>invoice.paid</c> a receipt (and a welcome for the first one),
/// a cancellation newly scheduled on <c>customer.subscription.updated</c> its one confirmation with the time of the
/// declaration and the end date (whichever page or API declared it: <c>/cancel</c> sends no mail of its own),
/// <c>invoice.payment_failed</c> a request to fix the card. Each (event, kind) is claimed in <c>billing_mails</c>
/// before its mail is queued, so an event delivered twice, retried or replayed mails once. The event's own copy
/// is enough here: a paid invoice's amounts never change, and the update event says what changed.
/// </summary>
public sealed class BillingMails(MembershipDbContext db, BillingMail mail)
{
    public async Task SendAsync(StripeEventRecord record, Event stripeEvent, Guid? readerId, CancellationToken cancellationToken)
    {
        switch (stripeEvent.Type)
        {
            case EventTypes.InvoicePaid when stripeEvent.Data.Object is Invoice { AmountPaid: > 0 } invoice:
                if (await EmailAsync(readerId, invoice.CustomerId, cancellationToken) is not { } paidBy)
                    return;
                if (invoice.BillingReason == "subscription_create" && await ClaimAsync(record.Id, "welcome", readerId, cancellationToken))
                    mail.Welcome(paidBy, await PlanNameAsync(invoice, cancellationToken));
                if (await ClaimAsync(record.Id, "receipt", readerId, cancellationToken))
                {
                    mail.Receipt(paidBy, invoice.Number, StripeTime.From(invoice.StatusTransitions?.PaidAt ?? invoice.Created), invoice.AmountPaid, invoice.Currency,
                        invoice.Lines.Data.Select(l => $"{l.Description}: {Plans.Currencies.Format(l.Amount, invoice.Currency)}"), invoice.HostedInvoiceUrl);
                }
                return;

            case EventTypes.InvoicePaymentFailed when stripeEvent.Data.Object is Invoice { AmountDue: > 0 } failed:
                if (await EmailAsync(readerId, failed.CustomerId, cancellationToken) is { } owedBy && await ClaimAsync(record.Id, "payment_failed", readerId, cancellationToken))
                    mail.PaymentFailed(owedBy, failed.AmountDue, failed.Currency, failed.HostedInvoiceUrl);
                return;

            case EventTypes.CustomerSubscriptionUpdated when stripeEvent.Data.Object is Subscription subscription && CancellationNewlyScheduled(record, subscription):
                var endsAt = subscription.CancelAt ?? subscription.Items.Data.Max(i => i.CurrentPeriodEnd);
                if (await EmailAsync(readerId, subscription.CustomerId, cancellationToken) is { } member && await ClaimAsync(record.Id, "cancellation", readerId, cancellationToken))
                    mail.CancellationScheduled(member, CheckoutMetadata.CancelDeclared(subscription.Metadata) ?? StripeTime.From(stripeEvent.Created), StripeTime.From(endsAt));
                return;
        }
    }

    /// <summary>The update set a cancellation that was not there before (its previous attributes held no cancel date).</summary>
    private static bool CancellationNewlyScheduled(StripeEventRecord record, Subscription subscription)
    {
        if (!StripeSubscriptionStatuses.IsRenewing(subscription.Status) || (!subscription.CancelAtPeriodEnd && subscription.CancelAt is null))
            return false;
        using var payload = JsonDocument.Parse(record.Payload);
        if (!payload.RootElement.GetProperty("data").TryGetProperty("previous_attributes", out var previous) || previous.ValueKind != JsonValueKind.Object)
            return false;
        var wasCancelling = (previous.TryGetProperty("cancel_at_period_end", out var atEnd) && atEnd.ValueKind == JsonValueKind.True)
            || (previous.TryGetProperty("cancel_at", out var at) && at.ValueKind == JsonValueKind.Number);
        var changed = previous.TryGetProperty("cancel_at_period_end", out _) || previous.TryGetProperty("cancel_at", out _);
        return changed && !wasCancelling;
    }

    private async Task<bool> ClaimAsync(string eventId, string kind, Guid? readerId, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO billing_mails (stripe_event_id, kind, reader_id) VALUES ({eventId}, {kind}, {readerId})
            ON CONFLICT DO NOTHING
            """, cancellationToken) == 1;

    private async Task<string?> EmailAsync(Guid? readerId, string? customerId, CancellationToken cancellationToken) =>
        readerId is { } id
            ? await db.Users.Where(r => r.Id == id).Select(r => r.Email).FirstOrDefaultAsync(cancellationToken)
            : customerId is null ? null : await db.Users.Where(r => r.StripeCustomerId == customerId).Select(r => r.Email).FirstOrDefaultAsync(cancellationToken);

    private async Task<string> PlanNameAsync(Invoice invoice, CancellationToken cancellationToken)
    {
        var priceId = invoice.Lines.Data.Select(l => l.Pricing?.PriceDetails?.PriceId).FirstOrDefault(p => p is not null);
        return await db.Plans.Where(p => p.StripePriceId == priceId).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken) ?? "Ad-Free";
    }
}
