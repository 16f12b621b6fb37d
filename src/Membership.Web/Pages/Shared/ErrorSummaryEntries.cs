using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace Membership.Web.Pages;

public sealed record ErrorSummaryEntry(string Key, string Message);

/// <summary>The errors of a post in the order their fields appear (the order the input model declares them), page-wide ones first.</summary>
public static class ErrorSummaryEntries
{
    public static IReadOnlyList<ErrorSummaryEntry> InFieldOrder(ViewDataDictionary viewData) =>
        viewData.ModelState
            .Where(entry => entry.Value is { Errors.Count: > 0 })
            .OrderBy(entry => Position(viewData.ModelMetadata, entry.Key))
            .SelectMany(entry => entry.Value!.Errors.Select(error => new ErrorSummaryEntry(entry.Key, error.ErrorMessage)))
            .ToList();

    private static int Position(ModelMetadata page, string key)
    {
        if (key.Length == 0)
            return -1;
        var parts = key.Split('.', 2);
        var owner = page.Properties[parts[0]];
        if (owner is null || parts.Length == 1)
            return int.MaxValue;
        var index = owner.Properties.Select(p => p.PropertyName).ToList().IndexOf(parts[1]);
        return index < 0 ? int.MaxValue : index;
    }
}
