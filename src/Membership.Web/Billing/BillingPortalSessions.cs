using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>Opens Stripe's billing portal for a reader; the JSON endpoint and the account page both use it.</summary>
public sealed class BillingPortalSessions(StripeCustomers customers, StripeClient stripe, IOptions<MembershipOptions> options)
{
    /// <returns>The portal's URL, which returns the reader to /account.</returns>
    public async Task<string> CreateAsync(Guid readerId, CancellationToken cancellationToken)
    {
        var customerId = await customers.EnsureAsync(readerId, cancellationToken);
        var session = await stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = new Uri(options.Value.PublicUrl, "/account").ToString(),
        }, cancellationToken: cancellationToken);
        return session.Url;
    }
}
