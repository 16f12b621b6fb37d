using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.MyAccount;
using Membership.Web.Rights;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Membership.Web.Pages.Rights;

/// <summary><c>/account/pause</c>: pause for 1 to <see cref="LegalOptions.MaxPauseMonths"/> months (ads come back), or end a pause now.</summary>
[Authorize]
public sealed class PauseModel(ReaderRights rights, AdFreePass pass, IOptions<LegalOptions> legal, ILogger<PauseModel> logger) : PageModel
{
    [BindProperty]
    public int? Months { get; set; }

    public int MaxMonths => legal.Value.MaxPauseMonths;
    public MemberSubscription? Subscription { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Subscription = await rights.RenewingAsync(User.ReaderId()!.Value, cancellationToken);
        if (Subscription is not null)
            return Page();
        TempData.Warning("You have no membership that renews, so there is nothing to pause.");
        return Redirect("/account");
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (Months is not { } months || months < 1 || months > MaxMonths)
        {
            Problem = $"Choose between 1 and {MaxMonths} months.";
            Subscription = await rights.RenewingAsync(User.ReaderId()!.Value, cancellationToken);
            return this.WithStatus(StatusCodes.Status400BadRequest);
        }
        return await ActAsync(async () =>
        {
            var result = await rights.PauseAsync(User.ReaderId()!.Value, months, cancellationToken);
            if (result.Outcome != RightOutcome.Done)
                return false;
            pass.Remove(HttpContext);
            TempData.Success($"Your membership is paused until {MembershipSummary.Day(result.At)}: no charges, and ads are shown until then.");
            return true;
        }, cancellationToken);
    }

    public Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken) => ActAsync(async () =>
    {
        if ((await rights.UnpauseAsync(User.ReaderId()!.Value, cancellationToken)).Outcome != RightOutcome.Done)
            return false;
        TempData.Success("Your membership runs again: you are ad-free.");
        return true;
    }, cancellationToken);

    private async Task<IActionResult> ActAsync(Func<Task<bool>> act, CancellationToken cancellationToken)
    {
        try
        {
            if (!await act())
                TempData.Warning("You have no membership that renews.");
            return Redirect("/account");
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"pausing or resuming the subscription of reader {User.ReaderId()}");
            Problem = failure.ReaderMessage("your membership is unchanged");
            Subscription = await rights.RenewingAsync(User.ReaderId()!.Value, cancellationToken);
            return this.WithStatus(failure.HttpStatus);
        }
    }
}
