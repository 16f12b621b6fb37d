using System.Globalization;
using System.Net.Mail;

namespace Membership.Web.Importing;

/// <summary>Which cell holds what: from a header row, or email, name, until, reason in that order.</summary>
public sealed record CsvColumns(int Email, int Name, int Until, int Reason)
{
    private static readonly string[] EmailNames = ["email", "e-mail", "email address"];
    private static readonly string[] NameNames = ["name", "display name", "display_name", "full name"];
    private static readonly string[] UntilNames = ["until", "end", "end date", "end_date", "ends", "last day", "last_day", "grant until", "grant_until", "expires"];
    private static readonly string[] ReasonNames = ["reason", "note", "notes"];

    public static readonly CsvColumns InOrder = new(0, 1, 2, 3);

    /// <summary>The columns and the records that are rows (the header, when there is one, is not).</summary>
    public static (CsvColumns Columns, List<CsvRecord> Rows) Read(string text)
    {
        var records = CsvRecords.Parse(text);
        if (records.Count == 0)
            return (InOrder, records);
        var header = records[0].Cells.Select(c => c.Trim().ToLowerInvariant()).ToList();
        if (!header.Any(EmailNames.Contains))
            return (InOrder, records);
        int Find(string[] names) => header.FindIndex(names.Contains);
        return (new CsvColumns(Find(EmailNames), Find(NameNames), Find(UntilNames), Find(ReasonNames)), records.Skip(1).ToList());
    }
}

/// <summary>A CSV row read as a complimentary grant, or the reason it cannot be.</summary>
public sealed record CsvGrantRow(string Email, string? Name, DateTimeOffset? Until, string Reason, string? Problem)
{
    public static CsvGrantRow Check(CsvColumns columns, CsvRecord record, TimeZoneInfo zone, DateTimeOffset now)
    {
        string Cell(int i) => i >= 0 && i < record.Cells.Count ? record.Cells[i].Trim() : "";
        var email = Cell(columns.Email);
        var name = Cell(columns.Name);
        var untilText = Cell(columns.Until);
        var reason = Cell(columns.Reason);
        CsvGrantRow Bad(string problem) => new(email.Length > 256 ? email[..256] : email, null, null, "", problem);

        if (email.Length == 0)
            return Bad("The email is empty.");
        if (email.Length > 256 || !MailAddress.TryCreate(email, out var address) || address.Address != email || !email.Contains('@', StringComparison.Ordinal))
            return Bad($"'{Short(email)}' is not an email address.");
        if (name.Length > 256)
            return Bad("The name is longer than 256 characters.");
        if (reason.Length > 500)
            return Bad("The reason is longer than 500 characters.");
        DateTimeOffset? until = null;
        if (untilText.Length > 0)
        {
            if (DateOnly.TryParseExact(untilText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var lastDay))
                until = EndOf(lastDay, zone);
            else if (DateTimeOffset.TryParse(untilText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) && untilText.Contains('T', StringComparison.Ordinal))
                until = at;
            else
                return Bad($"'{Short(untilText)}' is not a date (write the last day as yyyy-MM-dd, or leave it empty for good).");
            if (until <= now)
                return Bad($"The grant's last day ({untilText}) is already over.");
        }
        return new(email, name.Length == 0 ? null : name, until, reason.Length == 0 ? CsvImport.DefaultReason : reason, null);
    }

    /// <summary>Access runs through the last day: it ends when the next day starts in the admin's zone.</summary>
    private static DateTimeOffset EndOf(DateOnly lastDay, TimeZoneInfo zone)
    {
        var midnight = lastDay.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private static string Short(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
