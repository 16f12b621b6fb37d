using Membership.Web.AdLeaks;
using Membership.Web.AdminActions;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Leaks;

/// <summary>/admin/leaks: what the snippet saw on ad-free readers' pages, per day and per path (twin: GET /api/v1/admin/leaks).</summary>
public sealed class IndexModel(AdLeakStatistics statistics) : AdminPageModel
{
    public static readonly int[] Periods = [7, 30, 90, 365];

    [FromQuery(Name = "days")]
    public int Days { get; set; } = 30;

    public AdLeakReportView? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || Days is < 1 or > AdLeakStatistics.MaxDays)
        {
            ShowError(AdminError.Invalid(new Dictionary<string, string[]> { ["days"] = [$"The period must be from 1 to {AdLeakStatistics.MaxDays} days."] }));
            return;
        }
        Report = await statistics.ReportAsync(Days, cancellationToken);
    }
}
