namespace Membership.Web.Admin;

/// <summary>How the admin numbers group Stripe subscription statuses.</summary>
public static class MemberStatuses
{
    /// <summary>Counted as members (and as a plan's subscribers): access now, or about to be retried.</summary>
    public static readonly string[] Members = ["active", "trialing", "past_due"];

    /// <summary>Counted in MRR: paying, or paying late (past_due stays until Stripe's last retry). Trials pay nothing yet.</summary>
    public static readonly string[] Paying = ["active", "past_due"];
}
