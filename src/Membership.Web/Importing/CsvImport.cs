using System.Globalization;
using System.Security.Claims;
using Membership.Web.Accounts;
using Membership.Web.Admin;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Membership.Web.Importing;

/// <summary>
/// Complimentary members from a spreadsheet: columns <c>email</c>, optional <c>name</c>, <c>until</c> (the grant's
/// last day, <c>yyyy-MM-dd</c> in the admin time zone, or an ISO time; empty: for good) and <c>reason</c>, with a
/// header row naming them (any order) or in that order without one. Each row is checked on its own: a bad row is
/// reported with its row number and why, and the rest goes on. A row already in effect (a grant that reaches as
/// far) changes nothing, so importing a file twice adds nothing.
/// </summary>
public sealed class CsvImport(
    MembershipDbContext db, ReaderManager readers, AuditLog audit, ImportJobStore jobs, IOptions<ImportsOptions> options,
    IOptions<AdminOptions> admin, TimeProvider time)
{
    public const string DefaultReason = "Imported from CSV";

    public async Task RunAsync(ClaimedImport job, CancellationToken cancellationToken)
    {
        var (columns, rows) = CsvColumns.Read(job.Body ?? "");
        var after = int.TryParse(job.Cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var done) ? done : 0;
        var actor = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Email, job.CreatedBy ?? "import")], "import"));
        foreach (var chunk in rows.Where(r => r.Row > after).Chunk(options.Value.PageSize))
        {
            foreach (var record in chunk)
                await ImportAsync(job, columns, record, actor, cancellationToken);
            if (!await jobs.CheckpointAsync(job, chunk[^1].Row.ToString(CultureInfo.InvariantCulture), cancellationToken))
                throw new ImportLeaseLostException(job.Id);
        }
    }

    private async Task ImportAsync(ClaimedImport job, CsvColumns columns, CsvRecord record, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var key = $"row:{record.Row}";
        if (await ImportItems.FindAsync(db, job.Id, key, cancellationToken) is not null)
            return;
        var row = CsvGrantRow.Check(columns, record, admin.Value.Zone, time.GetUtcNow());
        var line = new ImportReportLine(key, record.Row, row.Email, null, null, ImportActions.Invalid, row.Problem);
        if (row.Problem is not null)
        {
            await ImportItems.InsertAsync(db, job.Id, line, null, false, cancellationToken);
            return;
        }
        var normalized = readers.NormalizeEmail(row.Email);
        if (await ImportItems.EarlierWithEmailAsync(db, job.Id, normalized, cancellationToken) is { } earlier)
        {
            await ImportItems.InsertAsync(db, job.Id, line with { Action = ImportActions.Skipped, Reason = $"The same email as row {earlier.Row}." }, normalized, false, cancellationToken);
            return;
        }

        var reader = await db.Users.AsNoTracking().Where(r => r.NormalizedEmail == normalized).Select(r => new { r.Id }).FirstOrDefaultAsync(cancellationToken);
        var grantText = row.Until is { } u ? $"ad-free until {u:yyyy-MM-dd HH:mm} UTC" : "ad-free for good";
        if (reader is not null)
        {
            var now = time.GetUtcNow();
            var covering = await db.Grants.AsNoTracking()
                .Where(g => g.ReaderId == reader.Id && g.Feature == PlanFeatures.AdFree && g.EndedAt == null && (g.Until == null || g.Until > now))
                .Select(g => g.Until).ToListAsync(cancellationToken);
            if (covering.Any(until => until is null || row.Until is not null && until >= row.Until))
            {
                await ImportItems.InsertAsync(db, job.Id, line with { Action = ImportActions.Unchanged, ReaderId = reader.Id, Reason = "Already has complimentary ad-free that lasts as long." },
                    normalized, false, cancellationToken);
                return;
            }
        }
        line = reader is null
            ? line with { Action = ImportActions.Created, Reason = $"No reader had this email; {grantText}" }
            : line with { Action = ImportActions.Linked, ReaderId = reader.Id, Reason = $"A reader has this email; {grantText}" };
        if (job.DryRun)
        {
            await ImportItems.InsertAsync(db, job.Id, line, normalized, true, cancellationToken);
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var readerId = reader?.Id;
        if (readerId is null)
        {
            var made = new Reader { UserName = row.Email, Email = row.Email, DisplayName = row.Name };
            var created = await readers.CreateAsync(made);
            if (!created.Succeeded)
            {
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                await ImportItems.InsertAsync(db, job.Id, line with { Action = ImportActions.Invalid, Reason = string.Join(" ", created.Errors.Select(e => e.Description)) },
                    normalized, false, cancellationToken);
                return;
            }
            readerId = made.Id;
        }
        line = line with { ReaderId = readerId };
        if (!await ImportItems.InsertAsync(db, job.Id, line, normalized, true, cancellationToken))
            return;
        var grant = new ComplimentaryGrant
        {
            Id = Guid.CreateVersion7(),
            ReaderId = readerId.Value,
            Feature = PlanFeatures.AdFree,
            StartsAt = time.GetUtcNow(),
            Until = row.Until,
            Reason = row.Reason,
            CreatedBy = AuditLog.ActorOf(actor),
            CreatedAt = time.GetUtcNow(),
        };
        db.Grants.Add(grant);
        audit.Record(actor, "grant.create", readerId, grant.Id.ToString(), new { grant.Feature, grant.Until, grant.Reason, import = job.Id, row = record.Row });
        await db.SaveChangesAsync(cancellationToken);
        await EntitlementChanges.NotifyAsync(db, readerId.Value, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
