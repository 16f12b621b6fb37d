using Membership.Web.Data;
using System.Text.Json;
using Membership.Web.Entitlements;
using Membership.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Membership.Web.Webhooks;

/// <summary>
/// Turns the marks every entitlement change writes in its own transaction (EntitlementChanges) into
/// events: it compares each reader's state now with what sites were last told, appends the events to
/// the feed and queues one delivery per subscribed endpoint, all in one transaction that also removes
/// the mark. One instance at a time (an advisory lock), marks in commit-id order, so a reader's events
/// keep their order. A crash before commit leaves the mark for the next pass: nothing is lost.
/// </summary>
public sealed class EntitlementEventRecorder(
    NpgsqlDataSource dataSource, EntitlementFactsLoader loader, IOptions<MembershipOptions> membership, WebhookSignal signal,
    IOptions<WebhooksOptions> options, TimeProvider time, ILogger<EntitlementEventRecorder> logger) : BackgroundService
{
    private readonly ReaderEntitlements _entitlements = new(loader, time, membership);
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RecordBatchAsync(stoppingToken) > 0)
                    continue;
                await PruneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Recording entitlement events failed, retrying: {Error}", e.Message);
            }
            await signal.WaitMarksAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    /// <summary>Records up to 100 marks; the number handled.</summary>
    public async Task<int> RecordBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SqlScalarAsync<bool>(connection, "SELECT pg_try_advisory_xact_lock($1)", cancellationToken, AdvisoryLockKeys.EntitlementEvents))
            return 0;
        var marks = new List<(long Id, Guid ReaderId)>();
        await using (var command = new NpgsqlCommand("SELECT id, reader_id FROM entitlement_event_marks ORDER BY id LIMIT 100", connection))
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
            while (await rows.ReadAsync(cancellationToken))
                marks.Add((rows.GetInt64(0), rows.GetGuid(1)));
        if (marks.Count == 0)
            return 0;

        var queued = false;
        foreach (var readerId in marks.Select(m => m.ReaderId).Distinct())
        {
            var after = await CurrentStateAsync(connection, readerId, cancellationToken);
            var previousJson = await SqlScalarAsync<string?>(connection, "SELECT state::text FROM entitlement_event_states WHERE reader_id = $1", cancellationToken, readerId);
            var before = previousJson is null ? null : JsonSerializer.Deserialize<EntitlementEventState>(previousJson, Json);
            foreach (var (type, data) in EntitlementEventState.Diff(readerId, before, after))
            {
                queued = true;
                await AppendAsync(connection, readerId, type, data, cancellationToken);
            }
            await SqlAsync(connection, """
                INSERT INTO entitlement_event_states (reader_id, state) VALUES ($1, $2::jsonb)
                ON CONFLICT (reader_id) DO UPDATE SET state = excluded.state
                """, cancellationToken, readerId, JsonSerializer.Serialize(after, Json));
        }
        await SqlAsync(connection, "DELETE FROM entitlement_event_marks WHERE id = ANY($1)", cancellationToken, marks.Select(m => m.Id).ToArray());
        await transaction.CommitAsync(cancellationToken);
        if (queued)
            signal.DeliveriesQueued();
        return marks.Count;
    }

    private async Task<EntitlementEventState> CurrentStateAsync(NpgsqlConnection connection, Guid readerId, CancellationToken cancellationToken)
    {
        var email = await SqlScalarAsync<string?>(connection, "SELECT email FROM readers WHERE id = $1", cancellationToken, readerId);
        if (email is null && !await SqlScalarAsync<bool>(connection, "SELECT EXISTS (SELECT 1 FROM readers WHERE id = $1)", cancellationToken, readerId))
            return new(false, null, null, false, false);
        var decision = await _entitlements.EvaluateAsync(readerId, cancellationToken);
        bool cancelScheduled = false, paused = false;
        await using (var command = new NpgsqlCommand("""
            SELECT status, cancel_at_period_end OR cancel_at IS NOT NULL FROM subscriptions
            WHERE reader_id = $1 AND status NOT IN ('canceled', 'incomplete_expired') ORDER BY created_at DESC LIMIT 1
            """, connection) { Parameters = { new() { Value = readerId } } })
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
            if (await rows.ReadAsync(cancellationToken))
            {
                // A reader's pause (Stripe's pause_collection) leaves Stripe's status active: the policy says
                // "paused" then; Stripe's own "paused" status (a trial ended without a card) counts too.
                paused = decision.Status == "paused" || rows.GetString(0) == "paused";
                cancelScheduled = rows.GetBoolean(1);
            }
        return new(true, email, EntitlementView.From(decision), cancelScheduled, paused);
    }

    private async Task AppendAsync(NpgsqlConnection connection, Guid readerId, string type, object data, CancellationToken cancellationToken)
    {
        var eventId = "evt_" + Guid.CreateVersion7().ToString("N");
        var payload = JsonSerializer.Serialize(new { type, timestamp = time.GetUtcNow(), data }, Json);
        var row = await SqlScalarAsync<long>(connection, """
            INSERT INTO entitlement_events (event_id, type, reader_id, payload) VALUES ($1, $2, $3, $4::jsonb) RETURNING id
            """, cancellationToken, eventId, type, readerId, payload);
        await SqlAsync(connection, """
            INSERT INTO webhook_deliveries (endpoint_id, event_row, reader_id, status, next_attempt_at)
            SELECT id, $1, $2, 'pending', now() FROM webhook_endpoints
            WHERE deleted_at IS NULL AND disabled_at IS NULL AND (cardinality(events) = 0 OR $3 = ANY(events))
            """, cancellationToken, row, readerId, type);
    }

    /// <summary>Drops feed events older than the retention window (and their finished deliveries).</summary>
    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var cutoff = time.GetUtcNow() - options.Value.FeedRetention;
        await SqlAsync(connection, """
            DELETE FROM webhook_deliveries d USING entitlement_events e
            WHERE d.event_row = e.id AND e.created_at < $1 AND d.status <> 'pending';
            """, cancellationToken, cutoff);
        await SqlAsync(connection, """
            DELETE FROM entitlement_events e WHERE e.created_at < $1
            AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_row = e.id)
            """, cancellationToken, cutoff);
    }

    internal static async Task<T> SqlScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        var result = await command.ExecuteScalarAsync(cancellationToken);
        return result is null or DBNull ? default! : (T)result;
    }

    internal static async Task<int> SqlAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
            command.Parameters.Add(value is DateTimeOffset at ? new NpgsqlParameter { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz } : new NpgsqlParameter { Value = value });
        return command;
    }
}
