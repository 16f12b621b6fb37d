using System.Text.Json;
using Membership.Web.Accounts;
using Membership.Web.ApiKeys;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using static Membership.Web.Webhooks.EntitlementEventRecorder;

namespace Membership.Web.Webhooks;

public sealed record WebhookEndpointRequest(string? Url, string[]? Events);
public sealed record WebhookEndpointSummary(
    Guid Id, string Url, string[] Events, DateTimeOffset CreatedAt, DateTimeOffset? DisabledAt, string? DisabledReason, DateTimeOffset? FailingSince);
public sealed record CreatedWebhookEndpoint(Guid Id, string Url, string[] Events, DateTimeOffset CreatedAt, string Secret);
public sealed record WebhookDeliveryView(
    long Id, string EventId, string Type, Guid ReaderId, string Status, int Attempts, DateTimeOffset NextAttemptAt,
    DateTimeOffset? LastAttemptAt, int? LastStatusCode, string? LastError, DateTimeOffset CreatedAt);
public sealed record EntitlementEventsPage(IReadOnlyList<JsonElement> Events, string? Next);

/// <summary>Outbound webhook endpoints (admin) and the pull feed of the same events (site key).</summary>
public static class WebhooksApi
{
    public static readonly string[] EventTypes =
    [
        "entitlement.granted", "entitlement.revoked", "entitlement.changed", "subscription.cancel_scheduled",
        "subscription.resumed", "subscription.paused", "reader.deleted",
    ];

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/api/v1/admin/webhook-endpoints").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin");
        hooks.MapPost("/", CreateAsync).WithSummary("Add an endpoint; its signing secret is in this response only.");
        hooks.MapGet("/", ListAsync).WithSummary("Every endpoint, without secrets.");
        hooks.MapDelete("/{id:guid}", DeleteAsync).WithSummary("Remove an endpoint; nothing more is sent to it.");
        hooks.MapGet("/{id:guid}/deliveries", DeliveriesAsync).WithSummary("The endpoint's delivery log, newest first.");
        hooks.MapPost("/{id:guid}/deliveries/{deliveryId:long}/replay", ReplayAsync).WithSummary("Send a delivery again (queued now).");
        hooks.MapPost("/{id:guid}/enable", EnableAsync).WithSummary("Re-enable an endpoint disabled after long failure.");

        app.MapGet("/api/v1/entitlement-events", FeedAsync).AddSingletonFilter<SiteApiKeyFilter>().WithTags("Entitlements")
            .WithSummary("Entitlement events after a cursor, oldest first (keyset-paged); start without one to rebuild a whole view.");
        return app;
    }

    private static async Task<Results<Created<CreatedWebhookEndpoint>, ValidationProblem>> CreateAsync(
        WebhookEndpointRequest request, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http") || request.Url!.Length > 2048)
            errors["url"] = ["An absolute http(s) URL of at most 2048 characters is required."];
        var events = request.Events ?? [];
        if (events.FirstOrDefault(e => !EventTypes.Contains(e)) is { } unknown)
            errors["events"] = [$"Unknown event type '{(unknown.Length > 64 ? unknown[..64] : unknown)}'; known: {string.Join(", ", EventTypes)}."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);
        var id = Guid.CreateVersion7();
        var secret = WebhookSignature.NewSecret();
        var now = time.GetUtcNow();
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await SqlAsync(connection, "INSERT INTO webhook_endpoints (id, url, events, secret, created_at) VALUES ($1, $2, $3, $4, $5)",
            cancellationToken, id, request.Url!, events.Distinct().ToArray(), secret, now);
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/admin/webhook-endpoints/{id}", new CreatedWebhookEndpoint(id, request.Url!, events, now, secret));
    }

    private static async Task<Ok<List<WebhookEndpointSummary>>> ListAsync(NpgsqlDataSource db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await WebhookEndpoints.ListAsync(db, cancellationToken));

    private static async Task<Results<NoContent, NotFound>> DeleteAsync(Guid id, NpgsqlDataSource db, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var changed = await SqlAsync(connection, """
            UPDATE webhook_endpoints SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL;
            """, cancellationToken, id, time.GetUtcNow());
        await SqlAsync(connection, "UPDATE webhook_deliveries SET status = 'cancelled' WHERE endpoint_id = $1 AND status = 'pending'", cancellationToken, id);
        return changed > 0 ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound>> EnableAsync(Guid id, NpgsqlDataSource db, WebhookSignal signal, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        var changed = await SqlAsync(connection, """
            UPDATE webhook_endpoints SET disabled_at = NULL, disabled_reason = NULL, failing_since = NULL WHERE id = $1 AND deleted_at IS NULL
            """, cancellationToken, id);
        signal.DeliveriesQueued();
        return changed > 0 ? TypedResults.NoContent() : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<List<WebhookDeliveryView>>, NotFound>> DeliveriesAsync(
        Guid id, NpgsqlDataSource db, CancellationToken cancellationToken, long? before = null, int limit = 100)
    {
        if (!await WebhookEndpoints.ExistsAsync(db, id, cancellationToken))
            return TypedResults.NotFound();
        return TypedResults.Ok(await WebhookEndpoints.DeliveriesAsync(db, id, before, Math.Clamp(limit, 1, 500), cancellationToken));
    }

    private static async Task<Results<Accepted, NotFound>> ReplayAsync(
        Guid id, long deliveryId, NpgsqlDataSource db, WebhookSignal signal, CancellationToken cancellationToken)
    {
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        // A replay is a new delivery of the same event (same webhook-id, so receivers can deduplicate).
        var queued = await SqlAsync(connection, """
            INSERT INTO webhook_deliveries (endpoint_id, event_row, reader_id, status, next_attempt_at)
            SELECT d.endpoint_id, d.event_row, d.reader_id, 'pending', now() FROM webhook_deliveries d
            JOIN webhook_endpoints e ON e.id = d.endpoint_id AND e.deleted_at IS NULL
            WHERE d.id = $2 AND d.endpoint_id = $1
            """, cancellationToken, id, deliveryId);
        signal.DeliveriesQueued();
        return queued > 0 ? TypedResults.Accepted($"/api/v1/admin/webhook-endpoints/{id}/deliveries") : TypedResults.NotFound();
    }

    private static async Task<Results<Ok<EntitlementEventsPage>, ProblemHttpResult>> FeedAsync(
        NpgsqlDataSource db, CancellationToken cancellationToken, string? after = null, int limit = 100)
    {
        long cursor = 0;
        if (after is not null && (!long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cursor) || cursor < 0))
            return TypedResults.Problem(statusCode: 400, title: "The cursor is not one this feed gave out.", detail: "Pass the 'next' value of a previous page as ?after=.");
        if (limit is < 1 or > 1000)
            return TypedResults.Problem(statusCode: 400, title: "limit must be between 1 and 1000.");
        await using var connection = await db.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT id, event_id, payload::text FROM entitlement_events WHERE id > $1 ORDER BY id LIMIT $2
            """, connection) { Parameters = { new() { Value = cursor }, new() { Value = limit } } };
        var events = new List<JsonElement>();
        long last = cursor;
        await using (var rows = await command.ExecuteReaderAsync(cancellationToken))
            while (await rows.ReadAsync(cancellationToken))
            {
                last = rows.GetInt64(0);
                using var payload = JsonDocument.Parse(rows.GetString(2));
                var item = new Dictionary<string, object?> { ["id"] = rows.GetString(1), ["cursor"] = last.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                foreach (var property in payload.RootElement.EnumerateObject())
                    item[property.Name] = property.Value.Clone();
                events.Add(JsonSerializer.SerializeToElement(item));
            }
        return TypedResults.Ok(new EntitlementEventsPage(events, last.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}
