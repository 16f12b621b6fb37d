using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>One of the reader's Stripe invoices, with Stripe's hosted page (to view, download or pay it).</summary>
public sealed record ReaderInvoice(
    string Id, string? Number, DateTimeOffset Date, long Amount, long AmountPaid, string Currency, string Status, string? HostedInvoiceUrl);

public sealed record ReaderInvoicesResponse(IReadOnlyList<ReaderInvoice> Items);

/// <summary>The reader's invoices, newest first, as Stripe has them (drafts are not shown: they can still change).</summary>
public sealed class ReaderInvoices(MembershipDbContext db, StripeClient stripe)
{
    public const int Shown = 24;

    public async Task<IReadOnlyList<ReaderInvoice>> ListAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var customerId = await db.Users.Where(r => r.Id == readerId).Select(r => r.StripeCustomerId).FirstOrDefaultAsync(cancellationToken);
        if (customerId is null)
            return [];
        var page = await stripe.V1.Invoices.ListAsync(new InvoiceListOptions { Customer = customerId, Limit = Shown }, cancellationToken: cancellationToken);
        return
        [
            .. page.Data.Where(i => i.Status != "draft").Select(i => new ReaderInvoice(
                i.Id, i.Number, StripeTime.From(i.Created), i.Total, i.AmountPaid, i.Currency, i.Status, i.HostedInvoiceUrl)),
        ];
    }
}
