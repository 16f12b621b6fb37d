using Membership.Web.Admin;
using Membership.Web.Data;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Pages.Admin;

public sealed class IndexModel(MemberMetrics metrics, MembershipDbContext db) : AdminPageModel
{
    public MetricsReport Report { get; private set; } = null!;

    /// <summary>With no revenue: nothing in the currency the plans sell in (USD without plans), written as revenue is.</summary>
    public string NoRevenue { get; private set; } = "";

    public IReadOnlyList<SvgCharts.Bar> StatusBars { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Report = await metrics.ReportAsync(cancellationToken);
        if (Report.Mrr.Count == 0)
        {
            var currency = await db.Plans.AsNoTracking().OrderBy(p => p.Archived).ThenBy(p => p.CreatedAt)
                .Select(p => p.Currency).FirstOrDefaultAsync(cancellationToken);
            NoRevenue = Currencies.Format(0, currency ?? "usd");
        }
        StatusBars = Report.SubscriptionsByStatus.Select(s => new SvgCharts.Bar(s.Status, s.Count, s.Status switch
        {
            "active" => "bar-ok",
            "past_due" or "unpaid" or "incomplete" or "paused" => "bar-warn",
            "canceled" or "incomplete_expired" => "bar-bad",
            _ => "bar",
        })).ToList();
    }
}
