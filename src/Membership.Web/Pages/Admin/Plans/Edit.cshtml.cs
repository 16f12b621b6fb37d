using Membership.Web.AdminActions;
using Membership.Web.Plans;
using Membership.Web.Rights;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Plans;

public sealed class EditModel(PlanEditor plans, PriceChangeDecisions priceChanges) : AdminPageModel
{
    public PlanView Plan { get; private set; } = null!;

    [BindProperty]
    public PlanForm Input { get; set; } = new();

    /// <summary>Set by ?confirm=archive: the page asks before archiving.</summary>
    [FromQuery(Name = "confirm")]
    public string? Confirm { get; set; }

    /// <summary>With ?confirm=price-change: what the admin chose for subscribers on older prices, to confirm.</summary>
    [FromQuery(Name = "existing")]
    public string? Existing { get; set; }

    /// <summary>Subscribers on the plan's older prices and the choice made for them (null: no older price).</summary>
    public PriceChangeState? PriceChange { get; private set; }

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken cancellationToken)
    {
        if (await plans.GetAsync(key, cancellationToken) is not { } plan)
            return NotFound();
        Plan = plan;
        PriceChange = await priceChanges.StateAsync(key, cancellationToken);
        Input = PlanForm.From(plan);
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(string key, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
            return await ShowAsync(key, AdminError.Invalid(new Dictionary<string, string[]>()), cancellationToken);
        var result = await plans.UpdateAsync(User, key, new PlanUpdateRequest(Input.Name, Input.Description ?? "", Input.MinorAmount(),
            Input.Currency, Input.Interval, Input.TrialDays ?? 0, Input.Features, Archived: null), Input.Version is { } version ? [version] : null, cancellationToken);
        if (result.Error is { Kind: AdminErrorKind.Changed })
            return await ShowChangedMeanwhileAsync(key, cancellationToken);
        if (result.Value is not { } plan)
            return await ShowAsync(key, result.Error!, cancellationToken);
        Flash($"Plan {plan.Name} saved. It sells at {plan.PriceText}.");
        return RedirectToPage(new { key });
    }

    /// <summary>The confirmed choice for subscribers on older prices: move them after a notice, or grandfather them.</summary>
    public async Task<IActionResult> OnPostPriceChangeAsync(string key, [FromForm] string? existing, CancellationToken cancellationToken)
    {
        var result = await priceChanges.DecideAsync(User, key, new PriceChangeRequest(existing), cancellationToken);
        if (result.Value is { } decision)
            Flash(decision.ExistingSubscribers == PriceChangeDecisions.Move
                ? $"{decision.Subscribers} subscriber(s) on older prices will be mailed a notice and moved to the current price {decision.NoticeDays} days after it, at their next renewal."
                : $"{decision.Subscribers} subscriber(s) on older prices keep their price (grandfathered).");
        else if (result.Error!.Kind == AdminErrorKind.NotFound)
            return NotFound();
        else
            Flash(result.Error.Summary, failed: true);
        return RedirectToPage(new { key });
    }

    public Task<IActionResult> OnPostArchiveAsync(string key, CancellationToken cancellationToken) => SetArchivedAsync(key, true, cancellationToken);

    public Task<IActionResult> OnPostUnarchiveAsync(string key, CancellationToken cancellationToken) => SetArchivedAsync(key, false, cancellationToken);

    private async Task<IActionResult> SetArchivedAsync(string key, bool archived, CancellationToken cancellationToken)
    {
        var result = await plans.UpdateAsync(User, key, new PlanUpdateRequest(null, null, null, null, null, null, null, archived), cancellationToken);
        if (result.Value is not { } plan)
        {
            Flash(result.Error!.Summary, failed: true);
            return result.Error.Kind == AdminErrorKind.NotFound ? NotFound() : RedirectToPage(new { key });
        }
        Flash(archived ? $"Plan {plan.Name} is archived: no longer sold; its {plan.Subscribers} subscribers keep it." : $"Plan {plan.Name} is on sale again.");
        return RedirectToPage(new { key });
    }

    /// <summary>
    /// Someone saved the plan after this page was drawn: nothing was saved. The page shows the plan as it is
    /// now above the admin's own edits (kept in the form), and takes the new version, so saving again is a
    /// deliberate choice to apply them over the other change.
    /// </summary>
    private async Task<IActionResult> ShowChangedMeanwhileAsync(string key, CancellationToken cancellationToken)
    {
        if (await plans.GetAsync(key, cancellationToken) is not { } plan)
            return NotFound();
        Plan = plan;
        PriceChange = await priceChanges.StateAsync(key, cancellationToken);
        Input.Key = key;
        Input.Version = plan.Version;
        ModelState.Remove($"{nameof(Input)}.{nameof(PlanForm.Version)}");
        ChangedMeanwhile = PlanFormDifferences.Between(plan, Input);
        ShowError(AdminError.Changed($"Someone else changed {plan.Name} after you opened this page, so your changes were not saved."));
        return Page();
    }

    /// <summary>Set when a save was refused because the plan had changed: where the plan now differs from the form.</summary>
    public IReadOnlyList<string>? ChangedMeanwhile { get; private set; }

    private async Task<IActionResult> ShowAsync(string key, AdminError error, CancellationToken cancellationToken)
    {
        if (await plans.GetAsync(key, cancellationToken) is not { } plan)
            return NotFound();
        Plan = plan;
        PriceChange = await priceChanges.StateAsync(key, cancellationToken);
        Input.Key = key;
        ShowError(error, "Input.");
        return Page();
    }
}
