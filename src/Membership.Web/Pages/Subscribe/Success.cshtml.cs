using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Stripe;

namespace Membership.Web.Pages.Subscribe;

/// <summary>
/// Where Stripe Checkout returns. Rather than wait for the webhook, ask the one writer to re-read the
/// session from Stripe now; if Stripe is slow or unreachable the webhook still catches up, and the
/// page keeps checking.
/// </summary>
[Authorize]
public sealed class SuccessModel(
    SubscriptionSync sync, ReaderEntitlements entitlements, EntitlementCache cache, AdFreePass pass, ReturnUrls returnUrls, IOptions<MembershipOptions> options, ILogger<SuccessModel> logger) : PageModel
{
    public enum CheckoutOutcome { AdFree, Confirming, NotFound }

    [BindProperty(SupportsGet = true, Name = "session_id")]
    public string? SessionId { get; set; }

    /// <summary>The article the reader joined from (the join page carries it through Checkout).</summary>
    [BindProperty(SupportsGet = true, Name = "return")]
    public string? Return { get; set; }

    public string? BackToArticle => returnUrls.SafeOrNull(Return);

    public CheckoutOutcome Outcome { get; private set; }
    public string SiteName => options.Value.SiteName;

    public string Heading => Outcome switch
    {
        CheckoutOutcome.AdFree => "You're ad-free",
        CheckoutOutcome.Confirming => "We're confirming your payment",
        _ => "We could not find that checkout",
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var readerId = User.ReaderId() ?? throw new InvalidOperationException("The page requires a signed-in reader.");
        if (!IsSessionId(SessionId))
            return Show(CheckoutOutcome.NotFound, StatusCodes.Status400BadRequest);
        try
        {
            // Syncing a session of someone else only writes Stripe's truth about them; we just do not show it.
            var owner = await sync.SyncCheckoutSessionAsync(SessionId, "checkout success", cancellationToken);
            if (owner != readerId)
                return Show(CheckoutOutcome.NotFound, StatusCodes.Status404NotFound);
        }
        catch (StripeException e) when (e.StripeError?.Code == "resource_missing")
        {
            return Show(CheckoutOutcome.NotFound, StatusCodes.Status404NotFound);
        }
        catch (Exception e) when (e.IsStripeFailure(cancellationToken))
        {
            logger.LogWarning("Checkout success for reader {ReaderId}: Stripe did not answer ({Error}); the webhook will catch up", readerId, e.Message);
        }
        // The sync just wrote this reader: this instance's memory of them is out of date even before the
        // database's notification arrives, so it goes, and the pass comes from the decision read now.
        cache.Evict(readerId);
        var decision = await entitlements.EvaluateAsync(readerId, cancellationToken);
        if (decision.AdFree && BackToArticle is { } article)
        {
            // Back on the article, ad-free at once: the pass is set before the redirect.
            await pass.RefreshAsync(HttpContext, readerId, EntitlementView.From(decision), force: true, cancellationToken);
            return Redirect(article);
        }
        return Show(decision.AdFree ? CheckoutOutcome.AdFree : CheckoutOutcome.Confirming, StatusCodes.Status200OK);
    }

    /// <summary>Stripe's ids are short, with letters, digits and underscores; anything else never reaches Stripe.</summary>
    private static bool IsSessionId([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] string? value) =>
        value is { Length: > 3 and <= 255 } && value.StartsWith("cs_", StringComparison.Ordinal) && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    private PageResult Show(CheckoutOutcome outcome, int status)
    {
        Outcome = outcome;
        return this.WithStatus(status);
    }
}
