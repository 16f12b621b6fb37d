using Membership.Web.Data;
using System.Text;
using Microsoft.Extensions.Options;
using Npgsql;
using static Membership.Web.Webhooks.EntitlementEventRecorder;

namespace Membership.Web.Webhooks;

/// <summary>
/// Sends queued deliveries, signed per Standard Webhooks. A reader's deliveries to one endpoint go in
/// order: one waits while an earlier one for the same reader and endpoint is still pending. Failures
/// retry on the spec's suggested schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, ...: about three
/// days), then the delivery is marked failed (replayable in admin). An endpoint failing with no success
/// for <see cref="WebhooksOptions.DisableAfter"/> is disabled, with the reason shown in admin.
/// </summary>
public sealed class WebhookDeliveryWorker(
    NpgsqlDataSource dataSource, IHttpClientFactory httpClients, WebhookSignal signal,
    IOptions<WebhooksOptions> options, TimeProvider time, ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";
    internal static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
        TimeSpan.FromHours(10), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await DeliverBatchAsync(stoppingToken) > 0)
                    continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Webhook delivery pass failed, retrying: {Error}", e.Message);
            }
            await signal.WaitDeliveriesAsync(options.Value.PollInterval, stoppingToken);
        }
    }

    private sealed record Due(long Id, Guid EndpointId, string Url, string Secret, string EventId, string Payload, int Attempts, DateTimeOffset? FailingSince);

    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await SqlScalarAsync<bool>(connection, "SELECT pg_try_advisory_xact_lock($1)", cancellationToken, AdvisoryLockKeys.WebhookDelivery))
            return 0;
        var due = new List<Due>();
        await using (var command = new NpgsqlCommand("""
            SELECT d.id, e.id, e.url, e.secret, ev.event_id, ev.payload::text, d.attempts, e.failing_since
            FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id
            JOIN entitlement_events ev ON ev.id = d.event_row
            WHERE d.status = 'pending' AND d.next_attempt_at <= $1 AND e.disabled_at IS NULL AND e.deleted_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries p
                              WHERE p.endpoint_id = d.endpoint_id AND p.reader_id = d.reader_id AND p.status = 'pending' AND p.id < d.id)
            ORDER BY d.id LIMIT 50
            """, connection) { Parameters = { new() { Value = time.GetUtcNow() } } })
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
            while (await rows.ReadAsync(cancellationToken))
                due.Add(new(rows.GetInt64(0), rows.GetGuid(1), rows.GetString(2), rows.GetString(3), rows.GetString(4), rows.GetString(5),
                    rows.GetInt32(6), rows.IsDBNull(7) ? null : rows.GetFieldValue<DateTimeOffset>(7)));

        var failedEndpoints = new HashSet<Guid>();
        foreach (var delivery in due)
        {
            if (failedEndpoints.Contains(delivery.EndpointId))
                continue; // the endpoint just failed: leave its other deliveries for their next turn
            var (ok, status, error) = await SendAsync(delivery, cancellationToken);
            var now = time.GetUtcNow();
            if (ok)
            {
                await SqlAsync(connection, """
                    UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $2, last_status_code = $3, last_error = NULL WHERE id = $1;
                    """, cancellationToken, delivery.Id, now, status ?? 0);
                await SqlAsync(connection, "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = $1", cancellationToken, delivery.EndpointId);
                continue;
            }
            failedEndpoints.Add(delivery.EndpointId);
            var attempts = delivery.Attempts + 1;
            var giveUp = attempts > Backoff.Length;
            await SqlAsync(connection, """
                UPDATE webhook_deliveries SET status = $2, attempts = $3, last_attempt_at = $4, next_attempt_at = $5,
                       last_status_code = $6, last_error = $7 WHERE id = $1
                """, cancellationToken, delivery.Id, giveUp ? "failed" : "pending", attempts, now,
                giveUp ? now : now + Backoff[attempts - 1], (object?)status ?? DBNull.Value, error);
            var failingSince = delivery.FailingSince ?? now;
            await SqlAsync(connection, "UPDATE webhook_endpoints SET failing_since = $2 WHERE id = $1 AND failing_since IS NULL", cancellationToken, delivery.EndpointId, now);
            if (now - failingSince >= options.Value.DisableAfter)
            {
                await SqlAsync(connection, """
                    UPDATE webhook_endpoints SET disabled_at = $2, disabled_reason = $3 WHERE id = $1 AND disabled_at IS NULL
                    """, cancellationToken, delivery.EndpointId, now, $"Disabled automatically: every delivery failed since {failingSince:u}.");
                logger.LogWarning("Webhook endpoint {EndpointId} disabled after failing since {Since}", delivery.EndpointId, failingSince);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    private async Task<(bool Ok, int? Status, string Error)> SendAsync(Due delivery, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("webhook-id", delivery.EventId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(delivery.Secret, delivery.EventId, timestamp, delivery.Payload));
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.Value.AttemptTimeout);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            var status = (int)response.StatusCode;
            return (response.IsSuccessStatusCode, status, response.IsSuccessStatusCode ? "" : $"HTTP {status}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, null, e is OperationCanceledException ? "Timed out." : Truncate(e.Message));
        }
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
