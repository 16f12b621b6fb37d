namespace Membership.Web.Plans;

/// <summary>A plan readers can subscribe to, mirrored by a Stripe product and price (lookup key = plan key).</summary>
public sealed class Plan
{
    public required string Key { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<string> Features { get; set; } = [PlanFeatures.AdFree];

    /// <summary>In the currency's minor unit: 500 = 5.00 USD.</summary>
    public long Amount { get; set; }

    public string Currency { get; set; } = "usd";

    /// <summary><c>month</c> or <c>year</c>.</summary>
    public string Interval { get; set; } = "month";

    public int TrialDays { get; set; }
    public bool Archived { get; set; }
    public string? StripeProductId { get; set; }

    /// <summary>The price new subscribers get; subscribers on an older price keep theirs.</summary>
    public string? StripePriceId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// PostgreSQL's <c>xmin</c> of the row (no column of its own): it changes with every update, so it
    /// is the plan's version for optimistic concurrency (the admin API's ETag, the edit page's hidden field).
    /// </summary>
    public uint Version { get; set; }
}

public static class PlanFeatures
{
    public const string AdFree = "ad_free";
}
