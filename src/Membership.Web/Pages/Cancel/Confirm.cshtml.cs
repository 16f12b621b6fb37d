using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Rights;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Pages.Cancel;

/// <summary>The confirmation step of <c>/cancel</c>: states the end date; one submit cancels at period end and mails the time of the declaration.</summary>
[AllowAnonymous]
public sealed class ConfirmModel(
    MembershipDbContext db, CancelLinks links, ReaderRights rights, SubscriptionActions actions, RightsMail mail, TimeProvider time,
    ILogger<ConfirmModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    public string? PlanName { get; private set; }
    public DateTimeOffset? EndsAt { get; private set; }
    public DateTimeOffset? DeclaredAt { get; private set; }
    public string? Problem { get; private set; }

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
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (links.Read(Token) is not { } readerId)
            return Invalid();
        var declaredAt = time.GetUtcNow();
        try
        {
            if (!await actions.SetCancelAtPeriodEndAsync(readerId, cancel: true, cancellationToken))
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
        DeclaredAt = declaredAt;
        if (await db.Users.Where(r => r.Id == readerId).Select(r => r.Email).FirstOrDefaultAsync(cancellationToken) is { } email)
            mail.Cancelled(email, PlanName, declaredAt, EndsAt);
        return Page();
    }

    private PageResult Invalid()
    {
        Problem = "This link is not valid or has expired. Ask for a new one below.";
        return this.WithStatus(StatusCodes.Status400BadRequest);
    }
}
