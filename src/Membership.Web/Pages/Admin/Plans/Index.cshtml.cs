using Membership.Web.AdminActions;
using Membership.Web.Grants;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Plans;

public sealed class IndexModel(PlanEditor plans) : AdminPageModel
{
    public IReadOnlyList<PlanView> Plans { get; private set; } = [];

    [BindProperty]
    public PlanForm Input { get; set; } = new() { Features = [.. ComplimentaryGrants.KnownFeatures] };

    public async Task OnGetAsync(CancellationToken cancellationToken) => Plans = await plans.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken cancellationToken)
    {
        if (ModelState.IsValid)
        {
            var result = await plans.CreateAsync(User, new PlanCreateRequest(Input.Key, Input.Name, Input.Description, Input.MinorAmount(),
                Input.Currency, Input.Interval, Input.TrialDays, Input.Features), cancellationToken);
            if (result.Value is { } plan)
            {
                Flash($"Plan {plan.Name} ({plan.Key}) is on sale at {plan.PriceText}.");
                return RedirectToPage();
            }
            ShowError(result.Error!, "Input.");
        }
        else
        {
            ShowError(AdminError.Invalid(new Dictionary<string, string[]>()), "Input.");
        }
        Plans = await plans.ListAsync(cancellationToken);
        return Page();
    }
}
