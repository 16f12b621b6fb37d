using System.Globalization;
using Membership.Web.Plans;

namespace Membership.Web.Pages.Admin.Plans;

/// <summary>Where a plan as it is now differs from an edit form, in words, so an admin can merge by eye.</summary>
public static class PlanFormDifferences
{
    public static IReadOnlyList<string> Between(PlanView plan, PlanForm form)
    {
        var differences = new List<string>();
        Compare(differences, "Name", plan.Name, form.Name?.Trim() ?? "");
        Compare(differences, "Description", plan.Description, form.Description?.Trim() ?? "");
        var formPrice = form.MinorAmount() is long minor and > 0
            ? $"{Currencies.Format(minor, form.Currency.ToLowerInvariant())} / {form.Interval}"
            : "(no valid amount)";
        Compare(differences, "Price", plan.PriceText, formPrice);
        Compare(differences, "Trial days", plan.TrialDays.ToString(CultureInfo.InvariantCulture),
            (form.TrialDays ?? 0).ToString(CultureInfo.InvariantCulture));
        Compare(differences, "Features", Features(plan.Features), Features(form.Features));
        return differences;
    }

    private static string Features(IEnumerable<string> features) =>
        features.Any() ? string.Join(", ", features.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)) : "none";

    private static void Compare(List<string> differences, string field, string now, string yours)
    {
        if (!string.Equals(now, yours, StringComparison.Ordinal))
            differences.Add($"{field} is now “{now}”; your form says “{yours}”.");
    }
}
