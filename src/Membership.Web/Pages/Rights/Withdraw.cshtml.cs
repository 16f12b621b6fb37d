using Membership.Web.Accounts;
using Membership.Web.Rights;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Rights;

/// <summary><c>/account/withdraw</c>: the withdrawal button (§356a BGB) while the right holds, behind one confirmation.</summary>
[Authorize]
public sealed class WithdrawModel(ReaderRights rights, ILogger<WithdrawModel> logger) : PageModel
{
    public DateTimeOffset? Until { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Until = await rights.WithdrawableUntilAsync(User.ReaderId()!.Value, cancellationToken);
        if (Until is not null)
            return Page();
        TempData.Warning("The right of withdrawal does not apply to your membership (any more).");
        return Redirect("/account");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var result = await rights.WithdrawAsync(User.ReaderId()!.Value, cancellationToken);
            if (result.Outcome == RightOutcome.Done)
                TempData.Success("You withdrew from the contract: your membership has ended and the payment is refunded. We have emailed you a confirmation.");
            else
                TempData.Warning(result.Detail ?? "You have no membership to withdraw from.");
            return Redirect("/account");
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"withdrawal of reader {User.ReaderId()}");
            Problem = failure.ReaderMessage("your membership is unchanged");
            Until = await rights.WithdrawableUntilAsync(User.ReaderId()!.Value, cancellationToken);
            return this.WithStatus(failure.HttpStatus);
        }
    }
}
