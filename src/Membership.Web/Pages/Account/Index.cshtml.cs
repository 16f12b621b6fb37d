using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Pages.Account;

[Authorize]
public sealed class IndexModel(
    UserManager<Reader> users, MembershipDbContext db, ReaderEntitlements entitlements, SubscriptionActions actions, ILogger<IndexModel> logger) : PageModel
{
    public Reader Reader { get; private set; } = null!;
    public MembershipSummary Membership { get; private set; } = null!;
    public string? Problem { get; private set; }

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
        catch (Exception e) when (e.IsStripeFailure(cancellationToken))
        {
            logger.LogWarning("Resuming the subscription of reader {ReaderId} failed: {Error}", reader.Id, e.Message);
            Problem = "We could not reach our payment provider, so your membership is unchanged. Please try again in a few minutes.";
            await LoadAsync(reader, cancellationToken);
            return this.WithStatus(StatusCodes.Status503ServiceUnavailable);
        }
    }

    private async Task LoadAsync(Reader reader, CancellationToken cancellationToken)
    {
        Reader = reader;
        Membership = await MembershipOf(db, entitlements, reader.Id, cancellationToken);
    }

    /// <summary>The reader's current subscription (a live one before an ended one) and their entitlement, in words.</summary>
    public static async Task<MembershipSummary> MembershipOf(
        MembershipDbContext db, ReaderEntitlements entitlements, Guid readerId, CancellationToken cancellationToken)
    {
        var subscription = await db.Subscriptions.AsNoTracking()
            .Where(s => s.ReaderId == readerId)
            .OrderByDescending(s => LiveSubscriptions.Statuses.Contains(s.Status))
            .ThenByDescending(s => s.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var planName = subscription?.PlanKey is { } key
            ? await db.Plans.AsNoTracking().Where(p => p.Key == key).Select(p => p.Name).FirstOrDefaultAsync(cancellationToken)
            : null;
        var decision = await entitlements.EvaluateAsync(readerId, cancellationToken);
        return MembershipSummary.From(subscription, planName, decision);
    }
}
