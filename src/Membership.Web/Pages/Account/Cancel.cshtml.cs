using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.MyAccount;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

/// <summary>The confirmation step before cancelling at period end.</summary>
[Authorize]
public sealed class CancelModel(AccountMembership membership, SubscriptionActions actions, ILogger<CancelModel> logger) : PageModel
{
    public MembershipSummary Membership { get; private set; } = null!;
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Membership = await membership.SummaryAsync(ReaderId, cancellationToken);
        if (Membership.CanCancel)
            return Page();
        TempData.Warning(Membership.CanResume ? "Your membership is already cancelled at the end of its period." : "You have no membership to cancel.");
        return RedirectToPage("/Account/Index");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!await actions.SetCancelAtPeriodEndAsync(ReaderId, cancel: true, cancellationToken))
            {
                TempData.Warning("You have no membership to cancel.");
                return RedirectToPage("/Account/Index");
            }
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"cancelling the subscription of reader {ReaderId}");
            Problem = failure.ReaderMessage("your membership is unchanged");
            Membership = await membership.SummaryAsync(ReaderId, cancellationToken);
            return this.WithStatus(failure.HttpStatus);
        }
        var now = await membership.SummaryAsync(ReaderId, cancellationToken);
        TempData.Success($"Your membership is cancelled and will not renew. {now.DateLine}.");
        return RedirectToPage("/Account/Index");
    }

    private Guid ReaderId => User.ReaderId() ?? throw new InvalidOperationException("The page requires a signed-in reader.");
}
