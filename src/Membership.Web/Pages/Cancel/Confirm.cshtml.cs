using Membership.Web.Billing;
using Membership.Web.Rights;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Cancel;

/// <summary>The confirmation step of <c>/cancel</c>: states the end date; one submit cancels at period end (the mail with the time of the declaration follows).</summary>
[AllowAnonymous]
public sealed class ConfirmModel(
    CancelLinks links, ReaderRights rights, SubscriptionActions actions, SaveOffers offers, TimeProvider time,
    ILogger<ConfirmModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? PlanName { get; private set; }
    public DateTimeOffset? EndsAt { get; private set; }
    public DateTimeOffset? DeclaredAt { get; private set; }
    public string? Problem { get; private set; }

    /// <summary>The retention offer shown beside "Cancel anyway", when one is configured and stands.</summary>
    public SaveOffer? Offer { get; private set; }

    /// <summary>Set once the reader took the offer: the membership goes on, discounted.</summary>
    public SaveOffer? OfferTaken { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (links.Read(Token) is not { } readerId)
            return Invalid();
        var subscription = await rights.RenewingAsync(readerId, cancellationToken);
        if (subscription is null)
        {
            Problem = "There is no membership that renews for this address: there is nothing to cancel.";
            return Page();
        }
        PlanName = await rights.PlanNameAsync(subscription, cancellationToken);
        EndsAt = subscription.CancelAt ?? subscription.CurrentPeriodEnd;
        if (subscription.CancelAtPeriodEnd || subscription.CancelAt is not null)
            DeclaredAt = subscription.CanceledAt ?? subscription.UpdatedAt;
        else
            Offer = await OfferOrNoneAsync(subscription, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostStayAsync(CancellationToken cancellationToken)
    {
        if (links.Read(Token) is not { } readerId)
            return Invalid();
        var subscription = await rights.RenewingAsync(readerId, cancellationToken);
        var offer = subscription is null ? null : await OfferOrNoneAsync(subscription, cancellationToken);
        try
        {
            if (subscription is null || offer is null || !await offers.AcceptAsync(subscription, cancellationToken))
                return await OnGetAsync(cancellationToken);
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"applying the retention offer for reader {readerId}");
            await OnGetAsync(cancellationToken);
            Problem = failure.ReaderMessage("your membership is unchanged");
            return this.WithStatus(failure.HttpStatus);
        }
        PlanName = await rights.PlanNameAsync(subscription, cancellationToken);
        OfferTaken = offer;
        return Page();
    }

    /// <summary>The offer never stands in the way of cancelling: when Stripe cannot be asked, the page shows none.</summary>
    private async Task<SaveOffer?> OfferOrNoneAsync(Billing.MemberSubscription subscription, CancellationToken cancellationToken)
    {
        try
        {
            return await offers.OfferForAsync(subscription, cancellationToken);
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, "looking up the retention offer");
            return null;
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (links.Read(Token) is not { } readerId)
            return Invalid();
        var declaredAt = time.GetUtcNow();
        try
        {
            if (!await actions.SetCancelAtPeriodEndAsync(readerId, cancel: true, cancellationToken, declaredAt))
                return await OnGetAsync(cancellationToken);
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"cancelling the subscription of reader {readerId} without sign-in");
            await OnGetAsync(cancellationToken);
            DeclaredAt = null;
            Problem = failure.ReaderMessage("your membership is unchanged");
            return this.WithStatus(failure.HttpStatus);
        }
        var subscription = await rights.RenewingAsync(readerId, cancellationToken);
        PlanName = subscription is null ? "ad-free" : await rights.PlanNameAsync(subscription, cancellationToken);
        EndsAt = subscription?.CancelAt ?? subscription?.CurrentPeriodEnd;
        // The confirmation mail (declaration time and end date) goes out once, on Stripe's update event (BillingMails).
        DeclaredAt = declaredAt;
        return Page();
    }

    private PageResult Invalid()
    {
        Problem = "This link is not valid or has expired. Ask for a new one below.";
        return this.WithStatus(StatusCodes.Status400BadRequest);
    }
}
