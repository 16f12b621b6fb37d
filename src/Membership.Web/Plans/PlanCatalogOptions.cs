namespace Membership.Web.Plans;

/// <summary>
/// What the plan catalogue does at start. Its keys sit in the <c>Billing</c> section (<c>Billing__SeedPlans</c>,
/// <c>Billing__SyncCatalogAtStart</c>), where they were before plans had their own folder.
/// </summary>
public sealed class PlanCatalogOptions
{
    public const string Section = "Billing";

    /// <summary>Seed the contract's two default plans when there are none (<c>build.sh run</c> turns it on).</summary>
    public bool SeedPlans { get; set; }

    /// <summary>Create missing Stripe products and prices at start.</summary>
    public bool SyncCatalogAtStart { get; set; } = true;
}
