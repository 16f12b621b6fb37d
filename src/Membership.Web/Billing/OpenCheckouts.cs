using Stripe;
using Stripe.Checkout;

namespace Membership.Web.Billing;

/// <summary>The customer's Checkout sessions that could still be paid.</summary>
public sealed class OpenCheckouts(StripeClient stripe)
{
    /// <summary>
    /// Expires every open session of the customer, so only the one about to be made can be paid.
    /// Returns false when one was paid meanwhile (it completed before it could be expired).
    /// </summary>
    public async Task<bool> ExpireAllAsync(string customerId, CancellationToken cancellationToken)
    {
        var options = new SessionListOptions { Customer = customerId, Status = "open", Limit = 100 };
        var open = new List<string>();
        await foreach (var session in stripe.V1.Checkout.Sessions.ListAutoPagingAsync(options, cancellationToken: cancellationToken))
            open.Add(session.Id);
        foreach (var id in open)
        {
            try
            {
                await stripe.V1.Checkout.Sessions.ExpireAsync(id, cancellationToken: cancellationToken);
            }
            catch (StripeException)
            {
                // Stripe expires only open sessions: this one was paid or expired since it was listed.
                var now = await stripe.V1.Checkout.Sessions.GetAsync(id, cancellationToken: cancellationToken);
                if (now.Status == "complete")
                    return false;
                if (now.Status != "expired")
                    throw;
            }
        }
        return true;
    }
}
