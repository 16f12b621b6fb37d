using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.MyAccount;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

[Authorize]
public sealed class IndexModel(
    UserManager<Reader> users, AccountMembership membership, SubscriptionActions actions, Web.Rights.ReaderRights rights, ReaderBillingDetails billing,
    PlanSwitches switches, ILogger<IndexModel> logger) : PageModel
{
    public Reader Reader { get; private set; } = null!;
    public MembershipSummary Membership { get; private set; } = null!;
    public string? Problem { get; private set; }

    /// <summary>The last moment of the right of withdrawal, while it holds (the "Withdraw from contract" button).</summary>
    public DateTimeOffset? WithdrawableUntil { get; private set; }

    /// <summary>Null when Stripe could not be asked: the page says so and shows the rest.</summary>
    public BillingDetails? Billing { get; private set; }

    /// <summary>A switch previewed and waiting for the reader's confirmation.</summary>
    public PlanSwitchResponse? SwitchPreview { get; private set; }

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

    /// <summary>First step of a switch: what it costs and when, with a button to confirm.</summary>
    public Task<IActionResult> OnPostPreviewSwitchAsync(string? planKey, CancellationToken cancellationToken) =>
        SwitchAsync(planKey, preview: true, cancellationToken);

    public Task<IActionResult> OnPostSwitchAsync(string? planKey, CancellationToken cancellationToken) =>
        SwitchAsync(planKey, preview: false, cancellationToken);

    private async Task<IActionResult> SwitchAsync(string? planKey, bool preview, CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User) is not { } reader)
            return Challenge();
        try
        {
            var result = string.IsNullOrWhiteSpace(planKey)
                ? new PlanSwitchResult.UnknownPlan()
                : await switches.SwitchAsync(reader.Id, planKey, preview, cancellationToken);
            if (result is PlanSwitchResult.Done { Response: var done })
            {
                if (preview)
                {
                    SwitchPreview = done;
                    await LoadAsync(reader, cancellationToken);
                    return Page();
                }
                TempData.Success(done.When == "now"
                    ? $"Switched: you paid {Money(done.AmountDueNow, done.Currency)} and your plan renews on {MembershipSummary.Day(done.NextChargeAt)}."
                    : $"Done: your plan switches on {MembershipSummary.Day(done.EffectiveAt)}; until then nothing changes.");
                return RedirectToPage();
            }
            Problem = result switch
            {
                PlanSwitchResult.NotSwitchable not => not.Reason,
                PlanSwitchResult.SamePlan => "You are already on this plan.",
                PlanSwitchResult.NoSubscription => "You have no membership to switch.",
                _ => "There is no such plan.",
            };
            await LoadAsync(reader, cancellationToken);
            return this.WithStatus(StatusCodes.Status409Conflict);
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"switching the plan of reader {reader.Id}");
            Problem = failure.ReaderMessage("your plan is unchanged");
            await LoadAsync(reader, cancellationToken);
            return this.WithStatus(failure.HttpStatus);
        }
    }

    public static string Money(long amount, string currency) => Web.Plans.Currencies.Format(amount, currency);

    private async Task LoadAsync(Reader reader, CancellationToken cancellationToken)
    {
        Reader = reader;
        Membership = await membership.SummaryAsync(reader.Id, cancellationToken);
        WithdrawableUntil = await rights.WithdrawableUntilAsync(reader.Id, cancellationToken);
        try
        {
            Billing = await billing.ReadAsync(reader.Id, cancellationToken);
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"reading the billing details of reader {reader.Id}");
        }
    }
}
