using Stripe;

namespace Membership.Web.Billing;

/// <summary>
/// A customer's subscriptions as Stripe has them, whatever the local table knows yet: webhooks can be
/// late or lost, so decisions about billing again ask Stripe.
/// </summary>
public sealed class CustomerSubscriptions(StripeClient stripe)
{
    /// <summary>Every subscription the customer ever had, canceled and expired ones included.</summary>
    public async Task<List<Subscription>> ListAllAsync(string customerId, CancellationToken cancellationToken)
    {
        var all = new List<Subscription>();
        var options = new SubscriptionListOptions { Customer = customerId, Status = "all", Limit = 100 };
        await foreach (var subscription in stripe.V1.Subscriptions.ListAutoPagingAsync(options, cancellationToken: cancellationToken))
            all.Add(subscription);
        return all;
    }
}
