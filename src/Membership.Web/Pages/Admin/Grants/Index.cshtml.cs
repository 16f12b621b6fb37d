using System.Globalization;
using System.Text;
using Membership.Web.Admin;
using Membership.Web.Grants;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Grants;

/// <summary>Every complimentary member, filtered; several grants ended at once after a confirmation; the list as CSV.</summary>
public sealed class IndexModel(GrantList list, ComplimentaryGrants grants, TimeProvider time) : AdminPageModel
{
    [FromQuery(Name = "show")]
    public GrantFilter Show { get; set; } = GrantFilter.Active;

    [FromQuery(Name = "days")]
    public int Days { get; set; } = 30;

    public IReadOnlyList<GrantRow> Rows { get; private set; } = [];

    /// <summary>The grants ticked for ending, awaiting "Yes, end them".</summary>
    public IReadOnlyList<GrantRow> ToConfirm { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        var csv = new StringBuilder("grant_id,reader_id,email,feature,starts_at,until,ended_at,state,reason,created_by\r\n");
        foreach (var g in Rows)
        {
            csv.AppendJoin(',', g.Id, g.ReaderId, CsvCell.Escape(g.Email), CsvCell.Escape(g.Feature), Iso(g.StartsAt), Iso(g.Until), Iso(g.EndedAt),
                g.IsActive(Now) ? "active" : "ended", CsvCell.Escape(g.Reason), CsvCell.Escape(g.CreatedBy)).Append("\r\n");
        }
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"grants-{Show.ToString().ToLowerInvariant()}.csv");
    }

    /// <summary>First step of the bulk end: shows what would end and asks.</summary>
    public async Task<IActionResult> OnPostReviewAsync([FromForm] Guid[] ids, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        ToConfirm = [.. Rows.Where(r => ids.Contains(r.Id) && r.IsActive(Now))];
        if (ToConfirm.Count == 0)
            ViewData["Error"] = "Tick at least one grant in effect to end.";
        return Page();
    }

    public async Task<IActionResult> OnPostEndAsync([FromForm] Guid[] ids, CancellationToken cancellationToken)
    {
        var ended = 0;
        foreach (var id in ids.Distinct())
        {
            var result = await grants.EndAsync(User, id, cancellationToken);
            if (result.Value is not null)
                ended++;
        }
        Flash($"{ended} complimentary grant{(ended == 1 ? "" : "s")} ended.");
        return RedirectToPage(new { show = Show, days = Days });
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Days = Math.Clamp(Days, 1, 3650);
        Rows = await list.ListAsync(Show, Days, cancellationToken);
    }

    private static string Iso(DateTimeOffset? at) => at?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";
}
