using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <inheritdoc />
    public partial class AdminConsoleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_subscriptions_status",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_stripe_events_received_at",
                table: "stripe_events");

            migrationBuilder.DropIndex(
                name: "ix_audit_log_reader_id_occurred_at",
                table: "audit_log");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_status_plan_key_reader_id",
                table: "subscriptions",
                columns: new[] { "status", "plan_key", "reader_id" });

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_received_at_id",
                table: "stripe_events",
                columns: new[] { "received_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_type_received_at_id",
                table: "stripe_events",
                columns: new[] { "type", "received_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_reader_id_id",
                table: "audit_log",
                columns: new[] { "reader_id", "id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_subscriptions_status_plan_key_reader_id",
                table: "subscriptions");

            migrationBuilder.DropIndex(
                name: "ix_stripe_events_received_at_id",
                table: "stripe_events");

            migrationBuilder.DropIndex(
                name: "ix_stripe_events_type_received_at_id",
                table: "stripe_events");

            migrationBuilder.DropIndex(
                name: "ix_audit_log_reader_id_id",
                table: "audit_log");

            migrationBuilder.CreateIndex(
                name: "ix_subscriptions_status",
                table: "subscriptions",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_received_at",
                table: "stripe_events",
                column: "received_at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_reader_id_occurred_at",
                table: "audit_log",
                columns: new[] { "reader_id", "occurred_at" });
        }
    }
}
