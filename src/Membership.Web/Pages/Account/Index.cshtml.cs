using Membership.Web.Accounts;
using Membership.Web.Billing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[Authorize]
public sealed class IndexModel(
    UserManager<Reader> users, AccountMembership membership, SubscriptionActions actions, Web.Rights.ReaderRights rights, ILogger<IndexModel> logger) : PageModel
{
    public Reader Reader { get; private set; } = null!;
    public MembershipSummary Membership { get; private set; } = null!;
    public string? Problem { get; private set; }

    /// <summary>The last moment of the right of withdrawal, while it holds (the "Withdraw from contract" button).</summary>
    public DateTimeOffset? WithdrawableUntil { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        await LoadAsync(reader, cancellationToken);
        return Page();
    }

    /// <summary>Undo a scheduled cancellation (cancelling has its own confirmation page).</summary>
    public async Task<IActionResult> OnPostResumeAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        try
        {
            if (await actions.SetCancelAtPeriodEndAsync(reader.Id, cancel: false, cancellationToken))
                TempData.Success("Welcome back: your membership continues and renews as before.");
            else
                TempData.Warning("You have no membership to resume.");
            return RedirectToPage();
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"resuming the subscription of reader {reader.Id}");
            Problem = failure.ReaderMessage("your membership is unchanged");
            await LoadAsync(reader, cancellationToken);
            return this.WithStatus(failure.HttpStatus);
        }
    }

    private async Task LoadAsync(Reader reader, CancellationToken cancellationToken)
    {
        Reader = reader;
        Membership = await membership.SummaryAsync(reader.Id, cancellationToken);
        WithdrawableUntil = await rights.WithdrawableUntilAsync(reader.Id, cancellationToken);
    }
}
