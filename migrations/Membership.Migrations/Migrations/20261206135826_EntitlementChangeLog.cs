using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <inheritdoc />
    public partial class EntitlementChangeLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Written beside every NOTIFY entitlement_changed, in the same transaction: an instance whose
            // listener was away evicts only the readers changed since its horizon (a transaction id).
            // Kept out of the EF model: only raw SQL (EntitlementChanges, ChangeListener) touches it.
            migrationBuilder.Sql("""
                CREATE TABLE entitlement_changes (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    reader_id uuid NULL,
                    xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
                    changed_at timestamptz NOT NULL DEFAULT now());
                CREATE INDEX ix_entitlement_changes_changed_at ON entitlement_changes (changed_at);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE entitlement_changes;");
        }
    }
}
