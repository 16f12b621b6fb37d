using Membership.Web.Admin;

namespace Membership.Web.Pages.Admin;

public sealed class IndexModel(MemberMetrics metrics) : AdminPageModel
{
    public MetricsReport Report { get; private set; } = null!;

    public IReadOnlyList<SvgCharts.Bar> StatusBars { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Report = await metrics.ReportAsync(cancellationToken);
        StatusBars = Report.SubscriptionsByStatus.Select(s => new SvgCharts.Bar(s.Status, s.Count, s.Status switch
        {
            "active" => "bar-ok",
            "past_due" or "unpaid" or "incomplete" or "paused" => "bar-warn",
            "canceled" or "incomplete_expired" => "bar-bad",
            _ => "bar",
        })).ToList();
    }
}
