using Membership.Web.Data;
using Membership.Web.StripeConnection;
using Microsoft.EntityFrameworkCore;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>What <see cref="SubscriptionSync"/> reads, and the ticket it takes first: no transaction is open meanwhile.</summary>
public sealed class SubscriptionReads(MembershipDbContext db, StripeClient stripe)
{
    private static readonly SubscriptionGetOptions WithLatestInvoice = new() { Expand = ["latest_invoice", "items.data.price"] };

    /// <summary>Taken before Stripe is read: a later read has a greater ticket, on every instance (one sequence).</summary>
    public async Task<long> NextTicketAsync(CancellationToken cancellationToken) =>
        await db.Database.SqlQuery<long>($"SELECT nextval('stripe_read_tickets') AS \"Value\"").SingleAsync(cancellationToken);

    /// <summary>Stripe's current subscription, or null when Stripe does not know it.</summary>
    public async Task<Subscription?> GetAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            return await stripe.V1.Subscriptions.GetAsync(id, WithLatestInvoice, cancellationToken: cancellationToken);
        }
        catch (StripeException e) when (e.IsResourceMissing())
        {
            return null;
        }
    }

    /// <summary>The ids of every subscription the customer ever had; none when Stripe does not know the customer.</summary>
    public async Task<List<string>> ListIdsAsync(string customerId, CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        try
        {
            var options = new SubscriptionListOptions { Customer = customerId, Status = "all", Limit = 100 };
            await foreach (var listed in stripe.V1.Subscriptions.ListAutoPagingAsync(options, cancellationToken: cancellationToken))
                ids.Add(listed.Id);
        }
        catch (StripeException e) when (e.IsResourceMissing())
        {
            // The customer is gone: the subscriptions held here are read one by one, and reported.
        }
        return ids;
    }
}
