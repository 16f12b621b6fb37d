namespace Membership.Web.Entitlements;

/// <summary>Everything <see cref="EntitlementPolicy"/> needs to know about one reader.</summary>
public sealed record ReaderFacts(IReadOnlyList<SubscriptionFacts> Subscriptions, IReadOnlyList<GrantFacts> Grants)
{
    public static readonly ReaderFacts Nothing = new([], []);
}
