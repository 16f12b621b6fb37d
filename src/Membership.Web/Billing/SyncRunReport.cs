namespace Membership.Web.Billing;

/// <summary>How one run of a background sync went: what it re-read from Stripe, and how much failed (each failure is logged).</summary>
public sealed record SyncRunReport(int Synced, int Failed);
