using Npgsql;
using static Membership.Web.Importing.ImportJobStore;

namespace Membership.Web.Importing;

/// <summary>Jobs with their counts and a page of their report, for the API and the admin page.</summary>
public sealed class ImportJobReads(NpgsqlDataSource db)
{
    public const int DefaultReportLimit = 500;

    /// <summary>The job and report lines after <paramref name="after"/> (a line's sequence number), in the order they were handled.</summary>
    public async Task<ImportJob?> GetAsync(Guid id, long after, int limit, string? action, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var jobs = await JobsAsync(connection, "WHERE j.id = $1", cancellationToken, id);
        if (jobs.Count == 0)
            return null;
        var report = new List<ImportReportLine>();
        long last = 0;
        await using (var command = Command(connection, """
            SELECT seq, item_key, row_number, email, customer_id, reader_id, action, reason FROM import_job_items
            WHERE job_id = $1 AND seq > $2 AND ($3 = '' OR action = $3) ORDER BY seq LIMIT $4
            """, id, after, action ?? "", limit))
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await rows.ReadAsync(cancellationToken))
            {
                last = rows.GetInt64(0);
                report.Add(new ImportReportLine(rows.GetString(1), rows.IsDBNull(2) ? null : rows.GetInt32(2), NullableString(rows, 3),
                    NullableString(rows, 4), rows.IsDBNull(5) ? null : rows.GetGuid(5), rows.GetString(6), NullableString(rows, 7)));
            }
        }
        var next = limit > 0 && report.Count == limit ? last.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return jobs[0] with { Report = report, ReportNext = next };
    }

    /// <summary>The newest jobs, without their reports.</summary>
    public async Task<List<ImportJob>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await JobsAsync(connection, "ORDER BY j.created_at DESC LIMIT $1", cancellationToken, limit);
    }

    private static async Task<List<ImportJob>> JobsAsync(NpgsqlConnection connection, string where, CancellationToken cancellationToken, params object[] values)
    {
        var jobs = new List<ImportJob>();
        await using var command = Command(connection, $"""
            SELECT j.id, j.source, j.dry_run, j.status, j.created_at, j.started_at, j.finished_at, j.created_by, j.total, j.error,
                   coalesce(c.created, 0), coalesce(c.linked, 0), coalesce(c.unchanged, 0), coalesce(c.skipped, 0), coalesce(c.invalid, 0),
                   coalesce(c.failed, 0), coalesce(c.processed, 0), coalesce(c.subscriptions, 0)
            FROM import_jobs j
            LEFT JOIN LATERAL (
                SELECT count(*) FILTER (WHERE action = 'created') AS created, count(*) FILTER (WHERE action = 'linked') AS linked,
                       count(*) FILTER (WHERE action = 'unchanged') AS unchanged, count(*) FILTER (WHERE action = 'skipped') AS skipped,
                       count(*) FILTER (WHERE action = 'invalid') AS invalid, count(*) FILTER (WHERE action = 'failed') AS failed,
                       count(*) AS processed, count(*) FILTER (WHERE synced) AS subscriptions
                FROM import_job_items i WHERE i.job_id = j.id) c ON true
            {where}
            """, values);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
        {
            var source = rows.GetString(1);
            jobs.Add(new ImportJob(
                rows.GetGuid(0), source, rows.GetBoolean(2), rows.GetString(3), rows.GetFieldValue<DateTimeOffset>(4),
                rows.IsDBNull(5) ? null : rows.GetFieldValue<DateTimeOffset>(5), rows.IsDBNull(6) ? null : rows.GetFieldValue<DateTimeOffset>(6),
                NullableString(rows, 7), source == ImportSources.Csv ? rows.GetInt32(8) : null, (int)rows.GetInt64(16), (int)rows.GetInt64(17),
                new ImportCounts((int)rows.GetInt64(10), (int)rows.GetInt64(11), (int)rows.GetInt64(12), (int)rows.GetInt64(13), (int)rows.GetInt64(14), (int)rows.GetInt64(15)),
                NullableString(rows, 9), [], null));
        }
        return jobs;
    }
}

public static class ImportSources
{
    public const string Stripe = "stripe";
    public const string Csv = "csv";
}
