using Membership.Web.Data;
using Membership.Web.Hosting;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Pages;

public sealed record PlanCard(string Key, string Name, string Description, string PriceText);

public sealed class IndexModel(MembershipDbContext db, IOptions<MembershipOptions> options) : PageModel
{
    public string SiteName => options.Value.SiteName;
    public IReadOnlyList<PlanCard> Plans { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var plans = await db.Plans.AsNoTracking().Where(p => !p.Archived).OrderBy(p => p.Amount).ToListAsync(cancellationToken);
        Plans = plans.Select(p => new PlanCard(p.Key, p.Name, p.Description, $"{Currencies.Format(p.Amount, p.Currency)} / {p.Interval}")).ToList();
    }
}
