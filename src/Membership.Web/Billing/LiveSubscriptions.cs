using Membership.Web.Entitlements;
namespace Membership.Web.Billing;

public static class LiveSubscriptions
{
    /// <summary>
    /// Statuses in which a subscription still exists for the reader (a second one would double-bill):
    /// every Stripe status but <c>canceled</c> and <c>incomplete_expired</c>.
    /// </summary>
    public static readonly string[] Statuses = StripeSubscriptionStatuses.Live;

    public static bool IsLive(string status) => Statuses.Contains(status, StringComparer.Ordinal);
}
