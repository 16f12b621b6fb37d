using Membership.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <summary>
    /// The mails billing events send (welcome, receipt, cancellation, failed payment), one row per Stripe event and
    /// kind: claimed before the mail is queued, so a redelivered, retried or replayed event mails no one twice.
    /// Plain SQL outside the EF model: only Billing/BillingMails touches it.
    /// </summary>
    [DbContext(typeof(MembershipDbContext))]
    [Migration("20261206180000_BillingMails")]
    public sealed class BillingMails : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE TABLE billing_mails (
                    stripe_event_id varchar(255) NOT NULL,
                    kind varchar(32) NOT NULL,
                    reader_id uuid NULL,
                    sent_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (stripe_event_id, kind));
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TABLE billing_mails;");
        }
    }
}
