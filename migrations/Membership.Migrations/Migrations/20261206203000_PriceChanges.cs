using Membership.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <summary>
    /// An admin's choice, per price change of a plan, for the subscribers on an older price: move them to the new
    /// price once a notice has gone out (and its days have passed), or keep them on theirs (grandfathered).
    /// Plain SQL outside the EF model: only Rights/PriceChangeNotices touches it.
    /// </summary>
    [DbContext(typeof(MembershipDbContext))]
    [Migration("20261206203000_PriceChanges")]
    public sealed class PriceChanges : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE price_changes (
                    id bigserial PRIMARY KEY,
                    plan_key varchar(64) NOT NULL,
                    from_price_id varchar(255) NOT NULL UNIQUE,
                    to_price_id varchar(255) NOT NULL,
                    existing_subscribers varchar(16) NOT NULL CHECK (existing_subscribers IN ('move', 'grandfather')),
                    notice_days integer NOT NULL CHECK (notice_days >= 0),
                    decided_at timestamptz NOT NULL,
                    decided_by varchar(256) NULL);
                CREATE INDEX ix_price_changes_plan_key ON price_changes (plan_key);
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE price_changes;");
        }
    }
}
