namespace Membership.Web.Entitlements;

/// <summary>Stripe's subscription statuses that our rules name, and the groups they fall in, for C# and for SQL.</summary>
public static class StripeSubscriptionStatuses
{
    public const string Active = "active";
    public const string Trialing = "trialing";
    public const string PastDue = "past_due";
    public const string Paused = "paused";
    public const string Unpaid = "unpaid";
    public const string Incomplete = "incomplete";

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

    /// <summary>A payment failed and Stripe is still retrying (past_due) or has stopped (unpaid).</summary>
    public static readonly string[] Failing = [PastDue, Unpaid];

    /// <summary>A subscription still exists for the reader (a second one would double-bill): every status but canceled and incomplete_expired.</summary>
    public static readonly string[] Live = [Active, Trialing, PastDue, Unpaid, Paused, Incomplete];

    public static bool MayGrant(string status) => status is Active or Trialing or PastDue;

    public static bool IsRenewing(string status) => status is Active or Trialing;

    public static bool IsFailing(string status) => status is PastDue or Unpaid;

    /// <summary>Counted in MRR: paying, or paying late (past_due stays until Stripe's last retry). Trials pay nothing yet.</summary>
    public static readonly string[] Paying = [Active, PastDue];
}
