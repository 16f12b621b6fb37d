using System.Buffers;

namespace Membership.Web.Admin;

/// <summary>One CSV field (RFC 4180), safe to open in a spreadsheet.</summary>
public static class CsvCell
{
    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");
    private static readonly SearchValues<char> FormulaStart = SearchValues.Create("=+-@\t\r");

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        // A leading = + - @ (or tab/CR) makes spreadsheets evaluate the cell as a formula: "=HYPERLINK(...)"
        // in a display name must stay text. The apostrophe is OWASP's advice, and spreadsheets hide it.
        if (FormulaStart.Contains(value[0]))
            value = "'" + value;
        return value.AsSpan().ContainsAny(NeedsQuotes) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
