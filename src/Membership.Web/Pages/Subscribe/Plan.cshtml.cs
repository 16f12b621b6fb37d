using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Plans;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Pages.Subscribe;

/// <summary>
/// "Go Ad-Free": a link the site can point at. A signed-out reader is sent to sign in (or register) and
/// comes back here. Reading the page changes nothing (a link from anywhere may open it): it shows the plan
/// and a button, and only that button's POST (with its antiforgery token) expires the reader's other open
/// checkouts and starts a Stripe Checkout.
/// </summary>
[Authorize]
public sealed class PlanModel(MembershipDbContext db, CheckoutSessions checkout, ILogger<PlanModel> logger) : PageModel
{
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";
    public PlanCard? Plan { get; private set; }

    public async Task<IActionResult> OnGetAsync(string planKey, CancellationToken cancellationToken)
    {
        var readerId = User.ReaderId() ?? throw new InvalidOperationException("The page requires a signed-in reader.");
        var plan = planKey.Length <= 64
            ? await db.Plans.AsNoTracking().FirstOrDefaultAsync(p => p.Key == planKey && !p.Archived && p.StripePriceId != null, cancellationToken)
            : null;
        if (plan is null)
            return UnknownPlan();
        if (await db.Subscriptions.AnyAsync(s => s.ReaderId == readerId && LiveSubscriptions.Statuses.Contains(s.Status), cancellationToken))
            return AlreadySubscribed();
        Heading = plan.Name;
        Plan = new PlanCard(plan.Key, plan.Name, plan.Description, $"{Currencies.Format(plan.Amount, plan.Currency)} / {plan.Interval}");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string planKey, CancellationToken cancellationToken)
    {
        var readerId = User.ReaderId() ?? throw new InvalidOperationException("The page requires a signed-in reader.");
        CheckoutResult result;
        try
        {
            result = planKey.Length <= 64 ? await checkout.StartAsync(readerId, planKey, cancellationToken) : new CheckoutResult.UnknownPlan();
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"starting checkout for reader {readerId}");
            return Show(failure.HttpStatus, "Checkout is unavailable", failure.ReaderMessage("you have not been charged"));
        }
        return result switch
        {
            CheckoutResult.Started started => Redirect(started.Url),
            CheckoutResult.AlreadySubscribed => AlreadySubscribed(),
            _ => UnknownPlan(),
        };
    }

    private RedirectToPageResult AlreadySubscribed()
    {
        TempData.Warning("You already have a membership, so there is nothing to buy. Manage it here.");
        return RedirectToPage("/Account/Index");
    }

    private PageResult UnknownPlan() =>
        Show(StatusCodes.Status404NotFound, "We could not find that plan", "It may have been renamed or withdrawn from sale.");

    private PageResult Show(int status, string heading, string message)
    {
        Heading = heading;
        Message = message;
        return this.WithStatus(status);
    }
}
