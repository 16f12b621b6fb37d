namespace Membership.Web.Billing;

/// <summary>
/// How one run of a background sync went: what it re-read from Stripe, how much failed (each failure is
/// logged), and the live subscriptions Stripe answered "no such subscription" for (logged, and in each
/// reader's history, where an admin sees them; their state is kept, not dropped).
/// </summary>
public sealed record SyncRunReport(int Synced, int Failed, IReadOnlyList<MissingSubscription> MissingInStripe);

public sealed record MissingSubscription(Guid ReaderId, string SubscriptionId);
