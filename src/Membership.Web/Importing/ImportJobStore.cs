using Npgsql;
using NpgsqlTypes;

namespace Membership.Web.Importing;

/// <summary>A job as its runner needs it.</summary>
public sealed record ClaimedImport(Guid Id, string Source, bool DryRun, string? Cursor, string? Body, string? CreatedBy, Guid Holder);

/// <summary>
/// The <c>import_jobs</c> and <c>import_job_items</c> tables. A job is run by whoever holds its lease: claimed
/// with <c>FOR UPDATE SKIP LOCKED</c> once free or expired, kept alive by a heartbeat, and every write of the
/// runner (a checkpoint, the end) names the holder, so a runner that lost its lease changes nothing more.
/// </summary>
public sealed class ImportJobStore(NpgsqlDataSource db)
{
    public async Task CreateAsync(Guid id, string source, bool dryRun, string? body, int? total, string createdBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, """
            INSERT INTO import_jobs (id, source, dry_run, status, created_at, body, total, created_by)
            VALUES ($1, $2, $3, 'queued', $4, $5, $6, $7)
            """, cancellationToken, id, source, dryRun, now, (object?)body ?? DBNull.Value, (object?)total ?? 0, createdBy);
    }

    /// <summary>What a job was asked to import, to apply a dry run's input for real.</summary>
    public async Task<(string Source, bool DryRun, string? Body)?> InputAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, "SELECT source, dry_run, body FROM import_jobs WHERE id = $1", id);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        return await rows.ReadAsync(cancellationToken) ? (rows.GetString(0), rows.GetBoolean(1), NullableString(rows, 2)) : null;
    }

    public async Task<ClaimedImport?> ClaimAsync(Guid holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, """
            UPDATE import_jobs SET status = 'running', lease_holder = $1, lease_until = now() + $2, started_at = coalesce(started_at, now())
            WHERE id = (SELECT id FROM import_jobs WHERE status IN ('queued', 'running') AND (lease_until IS NULL OR lease_until < now())
                        ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING id, source, dry_run, cursor_text, body, created_by
            """, holder, lease);
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        if (!await rows.ReadAsync(cancellationToken))
            return null;
        return new ClaimedImport(rows.GetGuid(0), rows.GetString(1), rows.GetBoolean(2), NullableString(rows, 3), NullableString(rows, 4), NullableString(rows, 5), holder);
    }

    /// <summary>Extends the lease; false when another runner holds it now.</summary>
    public async Task<bool> RenewAsync(ClaimedImport job, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, "UPDATE import_jobs SET lease_until = now() + $3 WHERE id = $1 AND lease_holder = $2 AND status = 'running'",
            cancellationToken, job.Id, job.Holder, lease) == 1;
    }

    /// <summary>Everything before <paramref name="cursor"/> is done; false when the lease was lost.</summary>
    public async Task<bool> CheckpointAsync(ClaimedImport job, string cursor, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await ExecuteAsync(connection, "UPDATE import_jobs SET cursor_text = $3, processed = (SELECT count(*) FROM import_job_items WHERE job_id = $1) WHERE id = $1 AND lease_holder = $2",
            cancellationToken, job.Id, job.Holder, cursor) == 1;
    }

    public async Task CompleteAsync(ClaimedImport job, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, """
            UPDATE import_jobs SET status = 'completed', finished_at = now(), lease_holder = NULL, lease_until = NULL, error = NULL,
                processed = (SELECT count(*) FROM import_job_items WHERE job_id = $1)
            WHERE id = $1 AND lease_holder = $2
            """, cancellationToken, job.Id, job.Holder);
    }

    /// <summary>A failed attempt: retried after a pause that grows, until <paramref name="maxAttempts"/>, then the job fails for good.</summary>
    public async Task FailAttemptAsync(ClaimedImport job, string error, int maxAttempts, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, """
            UPDATE import_jobs SET attempts = attempts + 1, error = $3, lease_holder = NULL,
                lease_until = now() + make_interval(secs => 10 * (attempts + 1)),
                status = CASE WHEN attempts + 1 >= $4 THEN 'failed' ELSE status END,
                finished_at = CASE WHEN attempts + 1 >= $4 THEN now() ELSE NULL END
            WHERE id = $1 AND lease_holder = $2
            """, cancellationToken, job.Id, job.Holder, error.Length > 500 ? error[..500] : error, maxAttempts);
    }

    internal static NpgsqlCommand Command(NpgsqlConnection connection, string sql, params object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(value switch
            {
                DateTimeOffset at => new NpgsqlParameter { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz },
                TimeSpan span => new NpgsqlParameter { Value = span, NpgsqlDbType = NpgsqlDbType.Interval },
                _ => new NpgsqlParameter { Value = value },
            });
        }
        return command;
    }

    internal static async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string? NullableString(NpgsqlDataReader rows, int i) => rows.IsDBNull(i) ? null : rows.GetString(i);
}
