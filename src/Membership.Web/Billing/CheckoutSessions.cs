using Membership.Web.Data;
using Membership.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Membership.Web.Billing;

public abstract record CheckoutResult
{
    public sealed record Started(string Url, string SessionId) : CheckoutResult;
    public sealed record UnknownPlan : CheckoutResult;
    public sealed record AlreadySubscribed : CheckoutResult;
}

public sealed class CheckoutSessions(MembershipDbContext db, StripeCustomers customers, StripeClient stripe, IOptions<MembershipOptions> options)
{
    public async Task<CheckoutResult> StartAsync(Guid readerId, string planKey, CancellationToken cancellationToken)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == planKey && !p.Archived && p.StripePriceId != null, cancellationToken);
        if (plan is null)
            return new CheckoutResult.UnknownPlan();
        if (await db.Subscriptions.AnyAsync(s => s.ReaderId == readerId && LiveSubscriptions.Statuses.Contains(s.Status), cancellationToken))
            return new CheckoutResult.AlreadySubscribed();

        var customerId = await customers.EnsureAsync(readerId, cancellationToken);
        var publicUrl = options.Value.PublicUrl;
        var metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = readerId.ToString(), ["plan_key"] = plan.Key };
        var session = await stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            ClientReferenceId = readerId.ToString(),
            Metadata = metadata,
            LineItems = [new SessionLineItemOptions { Price = plan.StripePriceId, Quantity = 1 }],
            SubscriptionData = new SessionSubscriptionDataOptions
            {
                Metadata = metadata,
                TrialPeriodDays = plan.TrialDays > 0 ? plan.TrialDays : null,
            },
            AllowPromotionCodes = true,
            SuccessUrl = new Uri(publicUrl, "/subscribe/success").ToString() + "?session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = new Uri(publicUrl, "/").ToString(),
        }, cancellationToken: cancellationToken);
        return new CheckoutResult.Started(session.Url, session.Id);
    }
}
