using Membership.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <summary>
    /// Outbound entitlement events (issue 19): the change marks written in the changing transaction, the
    /// last state told to sites per reader, the event feed, webhook endpoints and their deliveries, and
    /// import jobs. Plain SQL tables outside the EF model: only Webhooks/ reads and writes them.
    /// </summary>
    [DbContext(typeof(MembershipDbContext))]
    [Migration("20261206140000_EntitlementEventsAndWebhooks")]
    public sealed class EntitlementEventsAndWebhooks : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE entitlement_event_marks (
                    id bigserial PRIMARY KEY,
                    reader_id uuid NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
                CREATE TABLE entitlement_event_states (
                    reader_id uuid PRIMARY KEY,
                    state jsonb NOT NULL);
                CREATE TABLE entitlement_events (
                    id bigserial PRIMARY KEY,
                    event_id varchar(64) NOT NULL UNIQUE,
                    type varchar(64) NOT NULL,
                    reader_id uuid NOT NULL,
                    payload jsonb NOT NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
                CREATE INDEX ix_entitlement_events_created_at ON entitlement_events (created_at);
                CREATE TABLE webhook_endpoints (
                    id uuid PRIMARY KEY,
                    url varchar(2048) NOT NULL,
                    events text[] NOT NULL,
                    secret varchar(128) NOT NULL,
                    created_at timestamptz NOT NULL,
                    disabled_at timestamptz NULL,
                    disabled_reason varchar(256) NULL,
                    failing_since timestamptz NULL,
                    deleted_at timestamptz NULL);
                CREATE TABLE webhook_deliveries (
                    id bigserial PRIMARY KEY,
                    endpoint_id uuid NOT NULL REFERENCES webhook_endpoints(id),
                    event_row bigint NOT NULL REFERENCES entitlement_events(id),
                    reader_id uuid NOT NULL,
                    status varchar(16) NOT NULL,
                    attempts int NOT NULL DEFAULT 0,
                    next_attempt_at timestamptz NOT NULL,
                    last_attempt_at timestamptz NULL,
                    last_status_code int NULL,
                    last_error varchar(512) NULL,
                    created_at timestamptz NOT NULL DEFAULT now());
                CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
                CREATE INDEX ix_webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);
                CREATE INDEX ix_webhook_deliveries_order ON webhook_deliveries (endpoint_id, reader_id, id) WHERE status = 'pending';
                CREATE TABLE import_jobs (
                    id uuid PRIMARY KEY,
                    source varchar(16) NOT NULL,
                    dry_run boolean NOT NULL,
                    status varchar(16) NOT NULL,
                    created_at timestamptz NOT NULL,
                    finished_at timestamptz NULL,
                    total int NOT NULL DEFAULT 0,
                    processed int NOT NULL DEFAULT 0,
                    created int NOT NULL DEFAULT 0,
                    linked int NOT NULL DEFAULT 0,
                    skipped int NOT NULL DEFAULT 0,
                    report jsonb NOT NULL DEFAULT '[]',
                    cursor_text text NULL,
                    body text NULL);
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE import_jobs; DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints;
                DROP TABLE entitlement_events; DROP TABLE entitlement_event_states; DROP TABLE entitlement_event_marks;
                """);
        }
    }
}
