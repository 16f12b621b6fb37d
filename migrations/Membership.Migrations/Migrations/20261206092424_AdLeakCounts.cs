using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <inheritdoc />
    public partial class AdLeakCounts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ad_leak_counts",
                columns: table => new
                {
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    path = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    member_views = table.Column<long>(type: "bigint", nullable: false),
                    slot_leaks = table.Column<long>(type: "bigint", nullable: false),
                    request_leaks = table.Column<long>(type: "bigint", nullable: false),
                    consent_leaks = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ad_leak_counts", x => new { x.day, x.path });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ad_leak_counts");
        }
    }
}
