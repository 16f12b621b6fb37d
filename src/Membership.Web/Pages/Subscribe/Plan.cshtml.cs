using Membership.Web.Accounts;
using Membership.Web.Billing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Subscribe;

/// <summary>
/// "Go Ad-Free": a link the site can point at. A signed-out reader is sent to sign in (or register) and
/// comes back here; a signed-in one goes on to Stripe Checkout. The page itself only shows what went wrong.
/// </summary>
[Authorize]
public sealed class PlanModel(CheckoutSessions checkout, ILogger<PlanModel> logger) : PageModel
{
    public string Heading { get; private set; } = "";
    public string Message { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(string planKey, CancellationToken cancellationToken)
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
        switch (result)
        {
            case CheckoutResult.Started started:
                return Redirect(started.Url);
            case CheckoutResult.AlreadySubscribed:
                TempData.Warning("You already have a membership, so there is nothing to buy. Manage it here.");
                return RedirectToPage("/Account/Index");
            default:
                return Show(StatusCodes.Status404NotFound, "We could not find that plan", "It may have been renamed or withdrawn from sale.");
        }
    }

    private PageResult Show(int status, string heading, string message)
    {
        Heading = heading;
        Message = message;
        return this.WithStatus(status);
    }
}
