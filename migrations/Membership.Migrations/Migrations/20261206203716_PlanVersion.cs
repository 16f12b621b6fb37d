using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <summary>
    /// Plans get a version for optimistic concurrency: PostgreSQL's <c>xmin</c> system column, which every
    /// row has already. The model (snapshot) learns of it here; the database has nothing to create or drop.
    /// </summary>
    public partial class PlanVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
