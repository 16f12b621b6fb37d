using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Importing;

/// <summary>An import's line already written (by this run before a checkpoint, or by a run that died).</summary>
public sealed record ImportedItem(string Action, Guid? ReaderId, bool Synced);

/// <summary>
/// Report lines, written through the caller's <see cref="MembershipDbContext"/> so a line commits with what it
/// did. A line's key is unique within its job: a second writer of the same line inserts nothing and knows the
/// work is someone else's.
/// </summary>
public static class ImportItems
{
    public static async Task<bool> InsertAsync(MembershipDbContext db, Guid jobId, ImportReportLine line, string? normalizedEmail, bool synced, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO import_job_items (job_id, item_key, row_number, email, normalized_email, customer_id, reader_id, action, reason, synced)
            VALUES ({jobId}, {line.Key}, {line.Row}, {Cut(line.Email, 256)}, {Cut(normalizedEmail, 256)}, {line.CustomerId}, {line.ReaderId}, {line.Action}, {Cut(line.Reason, 512)}, {synced})
            ON CONFLICT (job_id, item_key) DO NOTHING
            """, cancellationToken) == 1;

    public static async Task<ImportedItem?> FindAsync(MembershipDbContext db, Guid jobId, string key, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<ItemRow>($"""
            SELECT action, reader_id, synced FROM import_job_items WHERE job_id = {jobId} AND item_key = {key}
            """).ToListAsync(cancellationToken)).Select(r => new ImportedItem(r.Action, r.ReaderId, r.Synced)).FirstOrDefault();

    public static async Task MarkSyncedAsync(MembershipDbContext db, Guid jobId, string key, CancellationToken cancellationToken) =>
        await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE import_job_items SET synced = true WHERE job_id = {jobId} AND item_key = {key}", cancellationToken);

    /// <summary>An earlier line of this job that took the address (created, linked or found it): its key and customer.</summary>
    public static async Task<(string Key, int? Row, string? CustomerId)?> EarlierWithEmailAsync(MembershipDbContext db, Guid jobId, string normalizedEmail, CancellationToken cancellationToken)
    {
        var row = (await db.Database.SqlQuery<EarlierRow>($"""
            SELECT item_key AS key, row_number AS row, customer_id FROM import_job_items
            WHERE job_id = {jobId} AND normalized_email = {normalizedEmail} AND action IN ('created', 'linked', 'unchanged')
            ORDER BY seq LIMIT 1
            """).ToListAsync(cancellationToken)).FirstOrDefault();
        return row is null ? null : (row.Key, row.Row, row.CustomerId);
    }

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    // Read by EF's snake_case convention: ReaderId is reader_id.
    private sealed class ItemRow
    {
        public string Action { get; set; } = "";
        public Guid? ReaderId { get; set; }
        public bool Synced { get; set; }
    }

    private sealed class EarlierRow
    {
        public string Key { get; set; } = "";
        public int? Row { get; set; }
        public string? CustomerId { get; set; }
    }
}
