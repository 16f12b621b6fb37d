using Membership.Web.Accounts;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Membership.Web.Plans;
using Membership.Web.StripeConnection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Pages.Join;

/// <summary>
/// The one-screen join from an article: plan, email, pay, and back on the article. A new email gets an
/// account (no password) signed in on this browser; an email that has an account is never signed in by
/// typing it: its owner gets a code, and the same plan and return address wait for them after it.
/// </summary>
public sealed class JoinModel(
    MembershipDbContext db, ReaderManager readers, SignInManager<Reader> signIn, SignInCodes codes, CheckoutSessions checkout,
    ReturnUrls returnUrls, AdFreePass pass, TimeProvider time, IOptions<MembershipOptions> options, ILogger<JoinModel> logger) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Plan { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Return { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    public IReadOnlyList<PlanCard> Plans { get; private set; } = [];
    public string SiteName => options.Value.SiteName;
    public string? SignedInAs => User.Identity?.IsAuthenticated == true ? User.Identity.Name : null;

    /// <summary>A signed-in member: there is nothing to buy, and the page says so before any payment.</summary>
    public bool AlreadyMember { get; private set; }

    /// <summary>The article to go back to, when the reader came from one.</summary>
    public string? BackToArticle => returnUrls.SafeOrNull(Return);

    /// <summary>Where the reader lands after paying: the article when it is on a site origin, else the account.</summary>
    public string Destination => returnUrls.Resolve(Return);

    /// <summary>This page again, with the plan and the return address, for every detour (sign in, code, cancelled checkout).</summary>
    public string ReturnAfterSignIn => QueryHelpers.AddQueryString("/join", new Dictionary<string, string?>
    {
        ["plan"] = Plan,
        ["return"] = returnUrls.SafeOrNull(Return),
    }.Where(p => p.Value is not null));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadPlansAsync(cancellationToken);
        if (User.ReaderId() is { } readerId && await HasLiveSubscriptionAsync(readerId, cancellationToken))
            await ShowAlreadyMemberAsync(readerId, cancellationToken);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await LoadPlansAsync(cancellationToken);
        if (Plan is null || Plans.All(p => p.Key != Plan))
            ModelState.AddModelError(nameof(Plan), "Choose a plan.");
        if (SignedInAs is null && !SignInCodeApi.IsEmail(Email))
            ModelState.AddModelError(nameof(Email), "Enter a valid email address.");
        if (!ModelState.IsValid)
            return this.WithStatus(StatusCodes.Status400BadRequest);

        var readerId = User.ReaderId();
        if (readerId is null)
        {
            var email = Email!.Trim();
            var existing = await readers.FindByEmailAsync(email);
            if (existing is not null)
            {
                // Typing an address proves nothing: its owner confirms by code, then pays here, signed in.
                await codes.SendAsync(email, ReturnAfterSignIn, cancellationToken);
                return Redirect(QueryHelpers.AddQueryString("/account/code", new Dictionary<string, string?>
                {
                    ["email"] = email,
                    ["returnUrl"] = ReturnAfterSignIn,
                    ["sent"] = "true",
                }));
            }
            var reader = new Reader { UserName = email, Email = email, CreatedAt = time.GetUtcNow() };
            var created = await readers.CreateAsync(reader);
            if (!created.Succeeded)
            {
                ModelState.AddModelError(nameof(Email), "We could not use that address. Check it and try again.");
                return this.WithStatus(StatusCodes.Status400BadRequest);
            }
            await signIn.SignInAsync(reader, isPersistent: true);
            readerId = reader.Id;
        }

        CheckoutResult result;
        try
        {
            result = await checkout.StartAsync(readerId.Value, Plan!, cancellationToken, new CheckoutReturn(Destination, ReturnAfterSignIn));
        }
        catch (Exception e) when (e.AsStripeFailure(cancellationToken) is { } failure)
        {
            failure.Log(logger, $"starting checkout from the join page for reader {readerId}");
            ModelState.AddModelError(string.Empty, failure.ReaderMessage("you have not been charged"));
            return this.WithStatus(failure.HttpStatus);
        }
        switch (result)
        {
            case CheckoutResult.Started started:
                return Redirect(started.Url);
            case CheckoutResult.AlreadySubscribed:
                await ShowAlreadyMemberAsync(readerId.Value, cancellationToken);
                return this.WithStatus(StatusCodes.Status409Conflict);
            default:
                ModelState.AddModelError(nameof(Plan), "Choose a plan.");
                return this.WithStatus(StatusCodes.Status400BadRequest);
        }
    }

    /// <summary>Says so on this page, with the way back to the article; the member's pass is renewed on the way.</summary>
    private async Task ShowAlreadyMemberAsync(Guid readerId, CancellationToken cancellationToken)
    {
        AlreadyMember = true;
        await pass.RefreshForAsync(HttpContext, readerId, force: false, cancellationToken);
    }

    private Task<bool> HasLiveSubscriptionAsync(Guid readerId, CancellationToken cancellationToken) =>
        db.Subscriptions.AnyAsync(s => s.ReaderId == readerId && LiveSubscriptions.Statuses.Contains(s.Status), cancellationToken);

    private async Task LoadPlansAsync(CancellationToken cancellationToken)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => !p.Archived && p.StripePriceId != null).OrderBy(p => p.Amount).ToListAsync(cancellationToken);
        Plans = [.. plans.Select(p => new PlanCard(p.Key, p.Name, p.Description, $"{Currencies.Format(p.Amount, p.Currency)} / {p.Interval}"))];
        Plan ??= Plans.Count > 0 ? Plans[0].Key : null;
    }
}
