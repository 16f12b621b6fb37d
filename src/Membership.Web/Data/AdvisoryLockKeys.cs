namespace Membership.Web.Data;

/// <summary>
/// Every PostgreSQL advisory-lock key the service takes, in one place so no two jobs can pick the same
/// number by accident (a test checks they are distinct). The values are the ones the jobs have always
/// used (ASCII of a word), so instances of an older and a newer build still exclude each other.
/// </summary>
public static class AdvisoryLockKeys
{
    /// <summary>Applying migrations (<see cref="DatabaseMigrator"/>): "Membersh".</summary>
    public const long Migrations = 0x4d656d6265727368;

    /// <summary>Seeding and selling the plan catalogue in Stripe: "plans".</summary>
    public const long PlanCatalog = 0x706c616e73;

    /// <summary>The scheduled Stripe reconciliation: "sync".</summary>
    public const long ScheduledSync = 0x73796e63;

    /// <summary>Asking Stripe about subscriptions due to renew: "renewal".</summary>
    public const long DueRenewals = 0x72656e6577616c;

    /// <summary>Creating and retiring pass signing keys: "passkey".</summary>
    public const long SigningKeyRotation = 0x70617373_6b6579;

    /// <summary>Delivering outbound webhooks (a transaction-level lock): "hooks".</summary>
    public const long WebhookDelivery = 0x686f6f6b73;

    /// <summary>Recording entitlement events from their marks (a transaction-level lock): "events".</summary>
    public const long EntitlementEvents = 0x6576656e7473;
}
