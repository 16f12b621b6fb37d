namespace Membership.Web.Entitlements;

/// <summary>Stripe's subscription statuses that our rules name, and the groups they fall in, for C# and for SQL.</summary>
public static class StripeSubscriptionStatuses
{
    public const string Active = "active";
    public const string Trialing = "trialing";
    public const string PastDue = "past_due";
    public const string Paused = "paused";

    /// <summary>
    /// The statuses under which a subscription may grant access (whether it does is <see cref="SubscriptionStanding"/>'s
    /// call): a cheap, indexed first filter before the standing.
    /// </summary>
    public static readonly string[] MayGrantAccess = [Active, Trialing, PastDue];

    /// <summary><see cref="MayGrantAccess"/> as an SQL list, for constant SQL text.</summary>
    public const string MayGrantAccessSql = "('active', 'trialing', 'past_due')";

    /// <summary>Renewing by itself at the period end (unless cancelling or paused): what a reader can pause or is reminded of.</summary>
    public static readonly string[] Renewing = [Active, Trialing];

    /// <summary><see cref="Renewing"/> as an SQL list, for constant SQL text.</summary>
    public const string RenewingSql = "('active', 'trialing')";

    /// <summary>Counted in MRR: paying, or paying late (past_due stays until Stripe's last retry). Trials pay nothing yet.</summary>
    public static readonly string[] Paying = [Active, PastDue];
}
