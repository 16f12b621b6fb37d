using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <inheritdoc />
    public partial class AdminConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "plan_prices",
                columns: table => new
                {
                    stripe_price_id = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    plan_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    amount = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    interval = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: false),
                    recorded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_plan_prices", x => x.stripe_price_id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_stripe_events_status_received_at",
                table: "stripe_events",
                columns: new[] { "status", "received_at" });

            migrationBuilder.CreateIndex(
                name: "ix_readers_normalized_email_id",
                table: "readers",
                columns: new[] { "normalized_email", "id" })
                .Annotation("Relational:Collation", new[] { "C", null });

            migrationBuilder.CreateIndex(
                name: "ix_plan_prices_plan_key",
                table: "plan_prices",
                column: "plan_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "plan_prices");

            migrationBuilder.DropIndex(
                name: "ix_stripe_events_status_received_at",
                table: "stripe_events");

            migrationBuilder.DropIndex(
                name: "ix_readers_normalized_email_id",
                table: "readers");
        }
    }
}
