using System.Text;
using Membership.Web.AdminActions;
using Membership.Web.Importing;
using Microsoft.AspNetCore.Mvc;

namespace Membership.Web.Pages.Admin.Importing;

/// <summary>Imports from Stripe or a CSV: start a dry run, read its report, apply it, follow progress.</summary>
[RequestSizeLimit(ImportsOptions.MaxCsvLimit)]
public sealed class IndexModel(ImportStarter starter, ImportJobReads reads) : AdminPageModel
{
    public const int ReportRows = 200;

    public IReadOnlyList<ImportJob> Jobs { get; private set; } = [];

    /// <summary>The job chosen with ?job=, with the first lines of its report.</summary>
    public ImportJob? Selected { get; private set; }

    [FromQuery(Name = "job")]
    public Guid? JobId { get; set; }

    /// <summary>?problems=true shows only the lines that were skipped, invalid or failed.</summary>
    [FromQuery(Name = "problems")]
    public bool ProblemsOnly { get; set; }

    /// <summary>?apply=true asks before applying the selected dry run.</summary>
    [FromQuery(Name = "apply")]
    public bool ConfirmApply { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Jobs = await reads.ListAsync(20, cancellationToken);
        if (JobId is { } id)
        {
            Selected = await reads.GetAsync(id, 0, ReportRows, null, cancellationToken);
            if (Selected is null)
                return NotFound();
            if (ProblemsOnly)
            {
                var problems = new List<ImportReportLine>();
                foreach (var action in new[] { ImportActions.Failed, ImportActions.Invalid, ImportActions.Skipped })
                    problems.AddRange((await reads.GetAsync(id, 0, ReportRows, action, cancellationToken))!.Report);
                Selected = Selected with { Report = [.. problems.OrderBy(l => l.Row).Take(ReportRows)] };
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostStripeAsync(bool dryRun, CancellationToken cancellationToken) =>
        Started(await starter.StartAsync(User, ImportSources.Stripe, dryRun, null, cancellationToken));

    public async Task<IActionResult> OnPostCsvAsync(IFormFile? file, bool dryRun, CancellationToken cancellationToken)
    {
        string? csv = null;
        if (file is not null)
        {
            using var reader = new StreamReader(file.OpenReadStream(), new UTF8Encoding(false, false));
            csv = (await reader.ReadToEndAsync(cancellationToken)).TrimStart('\uFEFF');
        }
        return Started(await starter.StartAsync(User, ImportSources.Csv, dryRun, csv, cancellationToken));
    }

    public async Task<IActionResult> OnPostApplyAsync(Guid id, CancellationToken cancellationToken) =>
        Started(await starter.ApplyAsync(User, id, cancellationToken));

    private RedirectToPageResult Started(AdminResult<ImportJob> result)
    {
        if (result.Value is { } job)
        {
            Flash(job.DryRun ? "Dry run started: it changes nothing. Its report appears below as it runs." : "Import started. Its progress appears below.");
            return RedirectToPage(new { job = job.Id });
        }
        Flash(result.Error!.Summary, failed: true);
        return RedirectToPage();
    }
}
