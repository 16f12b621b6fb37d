using Membership.Web.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Membership.Migrations
{
    /// <summary>
    /// The access rules for SQL: a subscription's standing (the words of Entitlements/SubscriptionStanding), whether it
    /// grants access, and whether a grant is in effect, as the entitlement policy decides them, so admin counts and
    /// lists made in the database agree with it. Plain SQL functions, inlined by the planner (STABLE, one SELECT).
    /// Grace is added as seconds, as C# adds a TimeSpan: an interval's days would follow the session's time zone.
    /// AccessRulesAgreementTests holds these to the C# rules.
    /// </summary>
    [DbContext(typeof(MembershipDbContext))]
    [Migration("20261206233000_AccessRules")]
    public sealed class AccessRules : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION subscription_standing(
                    p_status text, p_current_period_end timestamptz, p_cancel_at_period_end boolean, p_cancel_at timestamptz,
                    p_first_failed_payment_at timestamptz, p_collection_paused boolean, p_pause_resumes_at timestamptz,
                    p_grace interval, p_now timestamptz)
                RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT CASE
                        WHEN p_status IN ('active', 'trialing', 'past_due') AND p_collection_paused
                             AND (p_pause_resumes_at IS NULL OR p_now < p_pause_resumes_at) THEN 'paused'
                        WHEN p_status IN ('active', 'trialing') THEN
                            CASE WHEN least(p_current_period_end, p_cancel_at) <= p_now THEN 'ended'
                                 WHEN p_cancel_at_period_end OR p_cancel_at IS NOT NULL THEN 'cancelling'
                                 ELSE p_status END
                        WHEN p_status = 'past_due' THEN
                            CASE WHEN p_now < coalesce(p_first_failed_payment_at, p_current_period_end, p_now)
                                              + make_interval(secs => extract(epoch FROM p_grace)::double precision)
                                 THEN 'past_due_in_grace' ELSE 'ended' END
                        WHEN p_status = 'paused' THEN 'paused'
                        ELSE 'ended'
                    END
                $$;

                CREATE FUNCTION subscription_grants_access(
                    p_status text, p_current_period_end timestamptz, p_cancel_at_period_end boolean, p_cancel_at timestamptz,
                    p_first_failed_payment_at timestamptz, p_collection_paused boolean, p_pause_resumes_at timestamptz,
                    p_grace interval, p_now timestamptz)
                RETURNS boolean LANGUAGE sql STABLE PARALLEL SAFE AS $$
                    SELECT subscription_standing(p_status, p_current_period_end, p_cancel_at_period_end, p_cancel_at,
                                                 p_first_failed_payment_at, p_collection_paused, p_pause_resumes_at, p_grace, p_now)
                           IN ('active', 'trialing', 'cancelling', 'past_due_in_grace')
                $$;

                CREATE FUNCTION grant_in_effect(p_starts_at timestamptz, p_until timestamptz, p_ended_at timestamptz, p_now timestamptz)
                RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
                    SELECT p_starts_at <= p_now AND (p_until IS NULL OR p_now < p_until) AND (p_ended_at IS NULL OR p_now < p_ended_at)
                $$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP FUNCTION grant_in_effect(timestamptz, timestamptz, timestamptz, timestamptz);
                DROP FUNCTION subscription_grants_access(text, timestamptz, boolean, timestamptz, timestamptz, boolean, timestamptz, interval, timestamptz);
                DROP FUNCTION subscription_standing(text, timestamptz, boolean, timestamptz, timestamptz, boolean, timestamptz, interval, timestamptz);
                """);
        }
    }
}
