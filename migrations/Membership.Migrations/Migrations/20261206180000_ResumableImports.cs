using Membership.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <summary>
    /// Imports (issue 19) that survive a dying instance: the job's lease (who runs it, until when), who started
    /// it, and one row per imported thing (a Stripe subscription, a CSV row) written in the same transaction as
    /// what it did, so a resumed run neither repeats nor forgets work. Plain SQL outside the EF model: only
    /// Imports/ reads and writes these.
    /// </summary>
    [DbContext(typeof(MembershipDbContext))]
    [Migration("20261206180000_ResumableImports")]
    public sealed class ResumableImports : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE import_jobs
                    ADD COLUMN created_by varchar(256) NULL,
                    ADD COLUMN started_at timestamptz NULL,
                    ADD COLUMN lease_holder uuid NULL,
                    ADD COLUMN lease_until timestamptz NULL,
                    ADD COLUMN attempts int NOT NULL DEFAULT 0,
                    ADD COLUMN error varchar(512) NULL;
                CREATE INDEX ix_import_jobs_open ON import_jobs (created_at) WHERE status IN ('queued', 'running');
                CREATE TABLE import_job_items (
                    job_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
                    item_key varchar(128) NOT NULL,
                    seq bigserial NOT NULL,
                    row_number int NULL,
                    email varchar(256) NULL,
                    normalized_email varchar(256) NULL,
                    customer_id varchar(255) NULL,
                    reader_id uuid NULL,
                    action varchar(16) NOT NULL,
                    reason varchar(512) NULL,
                    synced boolean NOT NULL DEFAULT false,
                    PRIMARY KEY (job_id, item_key));
                CREATE INDEX ix_import_job_items_seq ON import_job_items (job_id, seq);
                CREATE INDEX ix_import_job_items_email ON import_job_items (job_id, normalized_email);
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TABLE import_job_items;
                DROP INDEX ix_import_jobs_open;
                ALTER TABLE import_jobs DROP COLUMN created_by, DROP COLUMN started_at, DROP COLUMN lease_holder,
                    DROP COLUMN lease_until, DROP COLUMN attempts, DROP COLUMN error;
                """);
        }
    }
}
