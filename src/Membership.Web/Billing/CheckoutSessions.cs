using Membership.Web.Data;
using Membership.Web.Hosting;
using Membership.Web.Plans;
using Plan = Membership.Web.Plans.Plan;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Stripe;
using Stripe.Checkout;

namespace Membership.Web.Billing;

/// <summary>Where Checkout sends the reader back: after paying (checked by the caller) and when they leave Checkout.</summary>
public sealed record CheckoutReturn(string AfterPaying, string OnCancel);

public abstract record CheckoutResult
{
    public sealed record Started(string Url, string SessionId) : CheckoutResult;
    public sealed record UnknownPlan : CheckoutResult;
    public sealed record AlreadySubscribed : CheckoutResult;
}

/// <summary>
/// Starts a reader's Stripe Checkout, never a second subscription: a reader with a live subscription
/// (here or, with webhooks late or lost, in Stripe alone) is refused, and starting a checkout expires the
/// reader's other open ones, so two tabs cannot both be paid. A plan's free trial goes only to a reader
/// who never had a subscription. A price or customer Stripe no longer knows is replaced, and the checkout
/// goes on with the new one.
/// </summary>
public sealed class CheckoutSessions(
    MembershipDbContext db, BillingLeases leases, StripeCustomers customers, CustomerSubscriptions subscriptions, OpenCheckouts openCheckouts,
    PlanCatalog catalog, StripeClient stripe, IOptions<MembershipOptions> options, IOptions<CheckoutTermsOptions> terms)
{
    public async Task<CheckoutResult> StartAsync(Guid readerId, string planKey, CancellationToken cancellationToken, CheckoutReturn? returnTo = null)
    {
        var plan = await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == planKey && !p.Archived && p.StripePriceId != null, cancellationToken);
        if (plan is null)
            return new CheckoutResult.UnknownPlan();
        if (await db.Subscriptions.AnyAsync(s => s.ReaderId == readerId && LiveSubscriptions.Statuses.Contains(s.Status), cancellationToken))
            return new CheckoutResult.AlreadySubscribed();

        // Held until the session exists, on every instance: the reader's other checkouts wait, so the checks
        // and the new session do not interleave. A lease row, not a row lock: no connection waits on Stripe.
        await using var lease = await leases.AcquireAsync(readerId, cancellationToken);
        var customerId = await customers.EnsureAsync(readerId, lease.Token);
        var priceId = plan.StripePriceId!;
        for (var healed = false; ; healed = true)
        {
            try
            {
                return await StartLeasedAsync(readerId, customerId, plan, priceId, returnTo, lease, lease.Token);
            }
            catch (StripeException e) when (!healed && (int)e.HttpStatusCode is >= 400 and < 500 and not 409 and not 429)
            {
                // Once per checkout: whatever Stripe named is checked, and replaced when it is gone.
                if (e.StripeError?.Param == "customer" && await customers.ReplaceIfGoneAsync(readerId, customerId, lease.Token) is { } replaced)
                    customerId = replaced;
                else if (e.StripeError?.Param?.StartsWith("line_items", StringComparison.Ordinal) == true
                    && await catalog.HealAsync(plan.Key, lease.Token) is { } healedPrice)
                    priceId = healedPrice;
                else
                    throw;
            }
        }
    }

    private async Task<CheckoutResult> StartLeasedAsync(
        Guid readerId, string customerId, Plan plan, string priceId, CheckoutReturn? returnTo, HeldBillingLease lease, CancellationToken cancellationToken)
    {
        // Expiring first closes the race with a tab being paid: a session paid until then has made its
        // subscription, which the list then shows; one expired can no longer be paid.
        if (!await openCheckouts.ExpireAllAsync(customerId, cancellationToken))
            return new CheckoutResult.AlreadySubscribed();
        var inStripe = await subscriptions.ListAllAsync(customerId, cancellationToken);
        if (inStripe.Any(s => LiveSubscriptions.IsLive(s.Status)))
            return new CheckoutResult.AlreadySubscribed();
        // The trial is for newcomers; local rows remember subscriptions of a customer since deleted.
        var offerTrial = plan.TrialDays > 0 && inStripe.Count == 0
            && !await db.Subscriptions.AnyAsync(s => s.ReaderId == readerId, cancellationToken);

        var publicUrl = options.Value.PublicUrl;
        var metadata = new Dictionary<string, string> { [CheckoutMetadata.ReaderId] = readerId.ToString(), ["plan_key"] = plan.Key };
        var session = await stripe.V1.Checkout.Sessions.CreateAsync(new SessionCreateOptions
        {
            Mode = "subscription",
            Customer = customerId,
            ClientReferenceId = readerId.ToString(),
            Metadata = metadata,
            LineItems = [new SessionLineItemOptions { Price = priceId, Quantity = 1 }],
            SubscriptionData = new SessionSubscriptionDataOptions
            {
                // The consent record: the terms' version shown here; the subscription's creation is when they were accepted.
                Metadata = new Dictionary<string, string>(metadata) { [CheckoutMetadata.TermsVersion] = terms.Value.TermsVersion },
                TrialPeriodDays = offerTrial ? plan.TrialDays : null,
            },
            AllowPromotionCodes = true,
            CustomText = new SessionCustomTextOptions
            {
                Submit = new SessionCustomTextSubmitOptions { Message = $"By subscribing you accept the terms of membership (version {terms.Value.TermsVersion})." },
            },
            // {CHECKOUT_SESSION_ID} must stay unencoded for Stripe to fill it in, so it goes last.
            SuccessUrl = new Uri(publicUrl, "/subscribe/success").ToString()
                + (returnTo is null ? "?" : $"?return={Uri.EscapeDataString(returnTo.AfterPaying)}&") + "session_id={CHECKOUT_SESSION_ID}",
            CancelUrl = new Uri(publicUrl, returnTo?.OnCancel ?? "/").ToString(),
        }, new RequestOptions { IdempotencyKey = $"checkout-{lease.Holder}-{customerId}-{priceId}" }, cancellationToken);
        return new CheckoutResult.Started(session.Url, session.Id);
    }
}
