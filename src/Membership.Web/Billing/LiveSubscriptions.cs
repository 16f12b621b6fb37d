namespace Membership.Web.Billing;

public static class LiveSubscriptions
{
    /// <summary>Statuses in which a subscription still exists for the reader (a second one would double-bill).</summary>
    public static readonly string[] Statuses = ["active", "trialing", "past_due", "unpaid", "paused", "incomplete"];
}
