using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Membership.Web.Grants;

namespace Membership.Web.Plans;

/// <summary>A new plan; amount in the currency's minor unit (500 = 5.00 USD).</summary>
public sealed record PlanCreateRequest(
    string? Key, string? Name, string? Description, long? Amount, string? Currency, string? Interval, int? TrialDays, List<string>? Features);

/// <summary>Changes to a plan: a field left out (null) stays as it is.</summary>
public sealed record PlanUpdateRequest(
    string? Name, string? Description, long? Amount, string? Currency, string? Interval, int? TrialDays, List<string>? Features, bool? Archived);

public sealed record PlanView(
    string Key, string Name, string Description, long Amount, string Currency, string Interval, int TrialDays,
    IReadOnlyList<string> Features, bool Archived, int Subscribers, string? StripeProductId, string? StripePriceId)
{
    public string PriceText => $"{Currencies.Format(Amount, Currency)} / {Interval}";

    /// <summary>The row's version (<see cref="Plan.Version"/>): sent as the ETag header, not in the body.</summary>
    [JsonIgnore]
    public uint Version { get; init; }

    public static PlanView From(Plan p, int subscribers) =>
        new(p.Key, p.Name, p.Description, p.Amount, p.Currency, p.Interval, p.TrialDays, p.Features, p.Archived, subscribers, p.StripeProductId, p.StripePriceId)
        {
            Version = p.Version,
        };
}

/// <summary>What a plan's fields may hold. Each check adds a message under the field's JSON name.</summary>
public static partial class PlanRules
{
    public const long MaxAmount = 99_999_999; // Stripe's largest unit_amount
    public const int MaxTrialDays = 730;      // Stripe's longest trial
    public static readonly string[] Intervals = ["month", "year"];

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex KeyFormat();

    public static void CheckKey(string? key, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(key) || key.Length is < 2 or > 64 || !KeyFormat().IsMatch(key))
            errors["key"] = ["The key is 2 to 64 lowercase letters, digits and single hyphens, e.g. adfree-monthly."];
    }

    public static void CheckName(string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 100)
            errors["name"] = ["The name is required, at most 100 characters."];
    }

    public static void CheckDescription(string? description, Dictionary<string, string[]> errors)
    {
        if (description is { Length: > 1000 })
            errors["description"] = ["The description is at most 1000 characters."];
    }

    public static void CheckAmount(long? amount, Dictionary<string, string[]> errors)
    {
        if (amount is null or < 1 or > MaxAmount)
            errors["amount"] = [$"The amount is a whole number of the currency's minor unit, from 1 to {MaxAmount} (500 = 5.00 USD)."];
    }

    public static void CheckCurrency(string? currency, Dictionary<string, string[]> errors)
    {
        if (!Currencies.Supported.Contains(currency ?? ""))
            errors["currency"] = ["The currency is a three-letter ISO code Stripe supports, in lowercase, e.g. usd or eur."];
    }

    public static void CheckInterval(string? interval, Dictionary<string, string[]> errors)
    {
        if (!Intervals.Contains(interval))
            errors["interval"] = ["The interval is month or year."];
    }

    public static void CheckTrialDays(int? trialDays, Dictionary<string, string[]> errors)
    {
        if (trialDays is < 0 or > MaxTrialDays)
            errors["trialDays"] = [$"Trial days run from 0 (no trial) to {MaxTrialDays}."];
    }

    /// <summary>
    /// A new plan sells at least one feature; a plan's features may later be withdrawn altogether
    /// (its subscribers then keep paying for nothing until they leave, which is the admin's call).
    /// </summary>
    public static void CheckFeatures(List<string>? features, Dictionary<string, string[]> errors, bool allowNone = false)
    {
        if (features is null || (features.Count == 0 && !allowNone) || features.Any(f => !ComplimentaryGrants.KnownFeatures.Contains(f)))
            errors["features"] = [$"Features are {(allowNone ? "none or some" : "one or more")} of: {string.Join(", ", ComplimentaryGrants.KnownFeatures)}."];
    }
}
