using System.Security.Claims;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Microsoft.Extensions.Options;

namespace Membership.Web.Importing;

/// <summary>Queues import jobs, for the JSON API and the admin page alike; the worker runs them.</summary>
public sealed class ImportStarter(
    MembershipDbContext db, AuditLog audit, ImportJobStore jobs, ImportJobReads reads, ImportSignal signal, IOptions<ImportsOptions> options, TimeProvider time)
{
    public async Task<AdminResult<ImportJob>> StartAsync(ClaimsPrincipal actor, string? source, bool dryRun, string? csv, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        switch (source)
        {
            case ImportSources.Stripe when !string.IsNullOrEmpty(csv):
                errors["source"] = ["A Stripe import takes no CSV; send source \"csv\" with the file."];
                break;
            case ImportSources.Csv when string.IsNullOrWhiteSpace(csv):
                errors["csv"] = ["Send the CSV as the request body (Content-Type: text/csv), with columns email, name, until, reason."];
                break;
            case ImportSources.Csv when csv!.Length > options.Value.MaxCsvBytes:
                errors["csv"] = [$"The CSV is larger than {options.Value.MaxCsvBytes} bytes; split it."];
                break;
            case ImportSources.Csv when csv!.Contains('\0', StringComparison.Ordinal):
                errors["csv"] = ["The CSV holds a NUL character; save it as plain UTF-8 text."];
                break;
            case ImportSources.Stripe or ImportSources.Csv:
                break;
            default:
                errors["source"] = ["Say where to import from: \"stripe\" or \"csv\"."];
                break;
        }
        if (errors.Count > 0)
            return AdminError.Invalid(errors);

        var id = Guid.CreateVersion7();
        int? total = source == ImportSources.Csv ? CsvColumns.Read(csv!).Rows.Count : null;
        await jobs.CreateAsync(id, source!, dryRun, source == ImportSources.Csv ? csv : null, total, AuditLog.ActorOf(actor), time.GetUtcNow(), cancellationToken);
        audit.Record(actor, dryRun ? "import.dry_run" : "import.apply", null, id.ToString(), new { source, rows = total });
        await db.SaveChangesAsync(cancellationToken);
        signal.Queued();
        return (await reads.GetAsync(id, 0, 0, null, cancellationToken))!;
    }

    /// <summary>Applies what a dry run showed: the same source (and the same file), for real.</summary>
    public async Task<AdminResult<ImportJob>> ApplyAsync(ClaimsPrincipal actor, Guid dryRunId, CancellationToken cancellationToken)
    {
        var dryRun = await jobs.InputAsync(dryRunId, cancellationToken);
        if (dryRun is null)
            return AdminError.NotFound("No import has this id.");
        if (!dryRun.Value.DryRun)
            return AdminError.Conflict("This import was applied already; run it again with a new import if you must (it is idempotent).");
        return await StartAsync(actor, dryRun.Value.Source, false, dryRun.Value.Body, cancellationToken);
    }
}
