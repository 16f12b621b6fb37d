using Npgsql;

namespace Membership.Web.Webhooks;

/// <summary>Reads of endpoints and their delivery log, shared by the admin API and the admin page.</summary>
public static class WebhookEndpoints
{
    public static async Task<List<WebhookEndpointSummary>> ListAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT id, url, events, created_at, disabled_at, disabled_reason, failing_since FROM webhook_endpoints
            WHERE deleted_at IS NULL ORDER BY created_at DESC
            """, connection);
        var list = new List<WebhookEndpointSummary>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
            list.Add(new(rows.GetGuid(0), rows.GetString(1), rows.GetFieldValue<string[]>(2), rows.GetFieldValue<DateTimeOffset>(3),
                rows.IsDBNull(4) ? null : rows.GetFieldValue<DateTimeOffset>(4), rows.IsDBNull(5) ? null : rows.GetString(5),
                rows.IsDBNull(6) ? null : rows.GetFieldValue<DateTimeOffset>(6)));
        return list;
    }

    public static async Task<bool> ExistsAsync(NpgsqlDataSource db, Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        return await EntitlementEventRecorder.SqlScalarAsync<bool>(connection,
            "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE id = $1 AND deleted_at IS NULL)", cancellationToken, id);
    }

    public static async Task<List<WebhookDeliveryView>> DeliveriesAsync(NpgsqlDataSource db, Guid id, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT d.id, e.event_id, e.type, d.reader_id, d.status, d.attempts, d.next_attempt_at, d.last_attempt_at, d.last_status_code, d.last_error, d.created_at
            FROM webhook_deliveries d JOIN entitlement_events e ON e.id = d.event_row
            WHERE d.endpoint_id = $1 AND d.id < $2 ORDER BY d.id DESC LIMIT $3
            """, connection) { Parameters = { new() { Value = id }, new() { Value = before ?? long.MaxValue }, new() { Value = limit } } };
        var list = new List<WebhookDeliveryView>();
        await using var rows = await command.ExecuteReaderAsync(cancellationToken);
        while (await rows.ReadAsync(cancellationToken))
            list.Add(new(rows.GetInt64(0), rows.GetString(1), rows.GetString(2), rows.GetGuid(3), rows.GetString(4), rows.GetInt32(5),
                rows.GetFieldValue<DateTimeOffset>(6), rows.IsDBNull(7) ? null : rows.GetFieldValue<DateTimeOffset>(7),
                rows.IsDBNull(8) ? null : rows.GetInt32(8), rows.IsDBNull(9) ? null : rows.GetString(9), rows.GetFieldValue<DateTimeOffset>(10)));
        return list;
    }
}
