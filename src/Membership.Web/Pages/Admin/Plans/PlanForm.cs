using Membership.Web.Plans;

namespace Membership.Web.Pages.Admin.Plans;

/// <summary>A plan as the form shows it: the price in major units (5.00), as people type prices.</summary>
public sealed class PlanForm
{
    public string? Key { get; set; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public decimal? Amount { get; set; }
    public string Currency { get; set; } = "usd";
    public string Interval { get; set; } = "month";
    public int? TrialDays { get; set; }
    public List<string> Features { get; set; } = [];

    /// <summary>The plan's version when the edit page was drawn (a hidden field): a save over a newer one is refused.</summary>
    public uint? Version { get; set; }

    public static PlanForm From(PlanView plan) => new()
    {
        Key = plan.Key,
        Name = plan.Name,
        Description = plan.Description,
        Amount = Currencies.ToMajor(plan.Amount, plan.Currency),
        Currency = plan.Currency,
        Interval = plan.Interval,
        TrialDays = plan.TrialDays,
        Features = [.. plan.Features],
        Version = plan.Version,
    };

    /// <summary>The amount in minor units; -1 (refused by the plan rules) when it has more decimals than the currency.</summary>
    public long? MinorAmount() =>
        Amount is { } major ? Currencies.ToMinor(major, Currency.ToLowerInvariant()) ?? -1 : null;
}
