namespace Membership.Web.Billing;

/// <summary>The <c>Billing</c> section: knobs for the background work (defaults suit production).</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>Off only in tests that prove a crash between storing and processing loses nothing.</summary>
    public bool ProcessEvents { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a claimed event stays reserved for its worker without a heartbeat. The worker renews
    /// it every third of this while it works, so a kill -9 delays that instance's events by seconds.
    /// </summary>
    public TimeSpan EventLease { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Events claimed at once; their groups (one per Stripe object) are processed <see cref="WorkerParallelism"/> at a time.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// Stripe objects whose events one instance processes at the same time. Each holds a database
    /// connection while it writes. At the read budget's 80 reads/s, an object that takes 200 ms (ticket, read,
    /// write, mails) on a busy machine needs 16 in flight for the budget, not this, to set the pace on renewal day.
    /// </summary>
    public int WorkerParallelism { get; set; } = 16;

    // Billing__SeedPlans and Billing__SyncCatalogAtStart are read by the plan catalogue (Plans/PlanCatalogOptions).

    /// <summary>Off in tests that drive the scheduled sync by hand.</summary>
    public bool ScheduledSync { get; set; } = true;
}
