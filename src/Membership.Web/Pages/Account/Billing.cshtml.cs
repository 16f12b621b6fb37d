using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Membership.Web.Pages.Account;

/// <summary>
/// "Manage billing": a fresh Stripe billing portal session, then off to it. A link rather than a form,
/// so the redirect to Stripe is a plain navigation (the portal only shows the reader their own billing).
/// </summary>
[Authorize]
public sealed class BillingModel(BillingPortalSessions portal, ILogger<BillingModel> logger) : PageModel
{
    public string Message { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var readerId = User.ReaderId() ?? throw new InvalidOperationException("The page requires a signed-in reader.");
        try
        {
            return Redirect(await portal.CreateAsync(readerId, cancellationToken));
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"opening the billing portal for reader {readerId}");
            Message = failure.ReaderMessage("nothing has changed");
            return this.WithStatus(failure.HttpStatus);
        }
    }
}
