using System.Buffers.Text;
using System.Text;
using Membership.Web.AdminActions;

namespace Membership.Web.Admin;

/// <summary>One page of a keyset-paged list; <c>NextCursor</c> is null on the last page.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>
/// Opaque cursors for keyset paging: the sort key of the last row shown, so the next page is one
/// indexed range read however deep the admin pages.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public static string Encode(params string[] parts) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Join('\n', parts)));

    public static string[]? Decode(string? cursor, int parts)
    {
        if (string.IsNullOrEmpty(cursor))
            return null;
        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(cursor)).Split('\n');
            return decoded.Length == parts ? decoded : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Checks limit and cursor, adding a message per bad field.</summary>
    public static int CheckLimit(int? limit, Dictionary<string, string[]> errors)
    {
        if (limit is < 1 or > MaxLimit)
            errors["limit"] = [$"The limit must be between 1 and {MaxLimit}."];
        return limit ?? DefaultLimit;
    }

    public static AdminError BadCursor() =>
        AdminError.Invalid(new Dictionary<string, string[]> { ["cursor"] = ["The cursor is not one this service gave out."] });

    /// <summary>Rows are read one past the limit, to know whether another page follows.</summary>
    public static Page<T> Build<TRow, T>(List<TRow> rows, int limit, Func<TRow, T> map, Func<TRow, string> cursorOf) =>
        new(rows.Take(limit).Select(map).ToList(), rows.Count > limit ? cursorOf(rows[limit - 1]) : null);
}
