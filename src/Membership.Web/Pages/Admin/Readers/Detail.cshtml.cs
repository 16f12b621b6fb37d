using Membership.Web.Admin;
using Membership.Web.AdminActions;
using Membership.Web.Billing;
using Membership.Web.Data;
using Membership.Web.Grants;
using Membership.Web.Pages.Admin.Audit;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Readers;

public sealed class DetailModel(ReaderProfiles profiles, ReaderTimeline timeline, ComplimentaryGrants grants, BillingRepairs repairs, MembershipDbContext db) : AdminPageModel
{
    public ReaderProfile Profile { get; private set; } = null!;
    /// <summary>The explain view's history; its decision and reasons are the profile's.</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; private set; } = [];

    /// <summary>The timeline's audit entries told in words, as the audit page tells them, by entry id.</summary>
    public IReadOnlyDictionary<long, AuditStory> AuditStories { get; private set; } = new Dictionary<long, AuditStory>();

    [BindProperty]
    public GrantForm Grant { get; set; } = new();

    /// <summary>Set by ?endGrant=: the page asks before ending that grant.</summary>
    [FromQuery(Name = "endGrant")]
    public Guid? ConfirmEndGrant { get; set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostGrantAsync(Guid id, CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await grants.GrantAsync(User, id, new GrantRequest(PlanFeatures.AdFree, Grant.Until, Grant.Reason), cancellationToken);
            if (result.Value is { } grant)
            {
                Flash(grant.Until is { } until
                    ? $"Complimentary ad-free granted, {Display.LastDay(until)}: in effect through the end of that day ({Display.Zone.Id})."
                    : "Complimentary ad-free granted for good.");
                return RedirectToPage(new { id });
            }
            if (result.Error!.Kind == AdminErrorKind.NotFound)
                return NotFound();
            ShowError(result.Error, "Grant.");
            // The form's last day stands for "until"; show the message there.
            if (result.Error.Fields?.TryGetValue("until", out var untilErrors) == true)
                ModelState.AddModelError("Grant.LastDay", untilErrors[0]);
        }
        else
        {
            ShowError(AdminError.Invalid(new Dictionary<string, string[]>()), "Grant.");
        }
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEndGrantAsync(Guid id, Guid grantId, CancellationToken cancellationToken)
    {
        var result = await grants.EndAsync(User, grantId, cancellationToken);
        if (result.Value is null)
            Flash(result.Error!.Summary, failed: true);
        else
            Flash("The complimentary grant has ended.");
        return RedirectToPage(new { id });
    }

    public async Task<IActionResult> OnPostSyncAsync(Guid id, CancellationToken cancellationToken)
    {
        var result = await repairs.SyncReaderAsync(User, id, cancellationToken);
        if (result.Value is { } synced)
            Flash($"Synced from Stripe: {synced.SubscriptionsSynced} subscription(s) re-read."
                + (synced.MissingInStripe.Count == 0 ? "" : $" Stripe does not know {string.Join(", ", synced.MissingInStripe)}, live here: kept as it is, see the history."),
                failed: synced.MissingInStripe.Count > 0);
        else if (result.Error!.Kind == AdminErrorKind.NotFound)
            return NotFound();
        else
            Flash(result.Error.Summary, failed: true);
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        // The profile has found the reader and evaluated the entitlement: the explain view needs only the history.
        if (await profiles.GetAsync(id, cancellationToken) is not { } profile)
            return false;
        Profile = profile;
        Timeline = await timeline.TimelineAsync(id, cancellationToken);
        var audits = Timeline.Where(t => t.Audit is not null).Select(t => t.Audit!).ToList();
        var names = await AuditNamesQuery.LoadAsync(db, audits, cancellationToken);
        AuditStories = audits.ToDictionary(a => a.Id, a => Audit.AuditStories.Tell(a, names));
        return true;
    }
}
