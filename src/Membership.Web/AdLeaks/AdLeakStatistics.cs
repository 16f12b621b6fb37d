using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.AdLeaks;

public sealed record AdLeakTotals(long MemberViews, long SlotLeaks, long RequestLeaks, long ConsentLeaks)
{
    public long Leaks => SlotLeaks + RequestLeaks + ConsentLeaks;
}

public sealed record AdLeakDay(DateOnly Day, AdLeakTotals Totals);

public sealed record AdLeakPath(string Path, AdLeakTotals Totals);

/// <summary>The admin's view: totals over the last <c>Days</c> UTC days, each day, and the paths with the most leaks, then views.</summary>
public sealed record AdLeakReportView(DateOnly From, DateOnly To, AdLeakTotals Totals, IReadOnlyList<AdLeakDay> Days, IReadOnlyList<AdLeakPath> Paths);

public sealed class AdLeakStatistics(MembershipDbContext db, TimeProvider time)
{
    public const int MaxDays = 366;
    public const int PathsShown = 50;

    public async Task<AdLeakReportView> ReportAsync(int days, CancellationToken cancellationToken)
    {
        var to = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var from = to.AddDays(1 - Math.Clamp(days, 1, MaxDays));
        var rows = db.Set<AdLeakCount>().AsNoTracking().Where(c => c.Day >= from && c.Day <= to);

        var perDay = await rows.GroupBy(c => c.Day).OrderByDescending(g => g.Key)
            .Select(g => new { Day = g.Key, Views = g.Sum(c => c.MemberViews), Slot = g.Sum(c => c.SlotLeaks), Request = g.Sum(c => c.RequestLeaks), Consent = g.Sum(c => c.ConsentLeaks) })
            .ToListAsync(cancellationToken);
        var perPath = await rows.GroupBy(c => c.Path)
            .Select(g => new { Path = g.Key, Views = g.Sum(c => c.MemberViews), Slot = g.Sum(c => c.SlotLeaks), Request = g.Sum(c => c.RequestLeaks), Consent = g.Sum(c => c.ConsentLeaks) })
            .OrderByDescending(p => p.Slot + p.Request + p.Consent).ThenByDescending(p => p.Views).ThenBy(p => p.Path)
            .Take(PathsShown)
            .ToListAsync(cancellationToken);

        var dayList = perDay.Select(d => new AdLeakDay(d.Day, new AdLeakTotals(d.Views, d.Slot, d.Request, d.Consent))).ToList();
        var totals = new AdLeakTotals(
            dayList.Sum(d => d.Totals.MemberViews), dayList.Sum(d => d.Totals.SlotLeaks),
            dayList.Sum(d => d.Totals.RequestLeaks), dayList.Sum(d => d.Totals.ConsentLeaks));
        return new AdLeakReportView(from, to, totals, dayList,
            perPath.Select(p => new AdLeakPath(p.Path, new AdLeakTotals(p.Views, p.Slot, p.Request, p.Consent))).ToList());
    }
}
