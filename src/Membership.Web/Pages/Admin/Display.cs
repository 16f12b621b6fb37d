using System.Globalization;

namespace Membership.Web.Pages.Admin;

/// <summary>How admin pages write times and statuses.</summary>
public static class Display
{
    public static string Time(DateTimeOffset? at) =>
        Known(at)?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "—";

    public static string Date(DateTimeOffset? at) => Known(at)?.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    /// <summary>Null for a time never set (the default value), which would read as the year 1.</summary>
    private static DateTimeOffset? Known(DateTimeOffset? at) => at is { } t && t != default ? t : null;

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>The badge colour of a subscription or event status.</summary>
    public static string Badge(string? status) => status switch
    {
        "active" or "processed" => "badge badge-ok",
        "trialing" or "pending" or "ignored" => "badge",
        "past_due" or "incomplete" or "unpaid" or "paused" => "badge badge-warn",
        "canceled" or "incomplete_expired" or "failed" => "badge badge-bad",
        _ => "badge",
    };
}
