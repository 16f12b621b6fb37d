using Membership.Web.Hosting;
using Membership.Web.StripeConnection;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Billing;

/// <summary>Opens Stripe's billing portal for a reader; the JSON endpoint and the account page both use it.</summary>
public sealed class BillingPortalSessions(BillingLeases leases, StripeCustomers customers, StripeClient stripe, IOptions<MembershipOptions> options)
{
    /// <returns>The portal's URL, which returns the reader to /account.</returns>
    public async Task<string> CreateAsync(Guid readerId, CancellationToken cancellationToken)
    {
        // The lease keeps a customer made here and one made by a checkout from being two.
        await using var lease = await leases.AcquireAsync(readerId, cancellationToken);
        var customerId = await customers.EnsureAsync(readerId, lease.Token);
        try
        {
            return await CreateForAsync(customerId, lease.Token);
        }
        catch (StripeException e) when (e.IsResourceMissing() && e.StripeError?.Param == "customer")
        {
            var replaced = await customers.ReplaceIfGoneAsync(readerId, customerId, lease.Token);
            if (replaced is null)
                throw;
            return await CreateForAsync(replaced, lease.Token);
        }
    }

    private async Task<string> CreateForAsync(string customerId, CancellationToken cancellationToken) =>
        (await stripe.V1.BillingPortal.Sessions.CreateAsync(new Stripe.BillingPortal.SessionCreateOptions
        {
            Customer = customerId,
            ReturnUrl = new Uri(options.Value.PublicUrl, "/account").ToString(),
        }, cancellationToken: cancellationToken)).Url;
}
