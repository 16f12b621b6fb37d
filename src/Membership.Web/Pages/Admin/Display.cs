using System.Globalization;
using System.Text.Encodings.Web;
using Membership.Web.Admin;
using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Html;

namespace Membership.Web.Pages.Admin;

/// <summary>How admin pages write times and statuses.</summary>
public static class Display
{
    /// <summary>The admin's zone (Membership:Admin:TimeZone), set once at start from the validated setting.</summary>
    public static TimeZoneInfo Zone { get; private set; } = TimeZoneInfo.Utc;

    /// <summary>Takes the admin's zone from the validated setting; called once at start.</summary>
    public static WebApplication UseAdminTimeZone(this WebApplication app)
    {
        Zone = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AdminOptions>>().Value.Zone;
        return app;
    }

    private static string ZoneLabel => Zone == TimeZoneInfo.Utc || Zone.Id is "UTC" or "Etc/UTC" ? "UTC" : Zone.Id;

    /// <summary>One format for every time: 2027-03-01 14:05 in the admin's zone, with the zone named.</summary>
    public static string Time(DateTimeOffset? at) =>
        Known(at) is { } t ? Local(t).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " " + ZoneLabel : "—";

    public static string Date(DateTimeOffset? at) => Known(at) is { } t ? Local(t).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "—";

    /// <summary>The exact instant, for a tooltip and the machine-readable datetime attribute.</summary>
    public static string Exact(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A readable time that shows the exact instant on hover.</summary>
    public static IHtmlContent TimeTag(DateTimeOffset? at) => Tag(at, Time(at));

    public static IHtmlContent DateTag(DateTimeOffset? at) => Tag(at, Date(at));

    /// <summary>
    /// A grant's end written as the form took it: "last day 2027-03-01" for an end at midnight that starts
    /// 2027-03-02 in the admin's zone, since access runs through the end of the last day.
    /// </summary>
    public static string LastDay(DateTimeOffset? until) =>
        Known(until) is { } t ? (Local(t).TimeOfDay == TimeSpan.Zero ? "last day " + Local(t).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "until " + Time(t)) : "for good";

    public static IHtmlContent LastDayTag(DateTimeOffset? until) => Tag(until, LastDay(until));

    /// <summary>The instant a last day (in the admin's zone) ends: the start of the next day there.</summary>
    public static DateTimeOffset EndOfDay(DateOnly day)
    {
        var midnight = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        return new DateTimeOffset(midnight, Zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private static DateTime Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).DateTime;

    private static HtmlString Tag(DateTimeOffset? at, string text)
    {
        if (Known(at) is not { } t)
            return new HtmlString(HtmlEncoder.Default.Encode(text));
        var exact = Exact(t);
        return new HtmlString($"<time datetime=\"{exact}\" title=\"{exact}\">{HtmlEncoder.Default.Encode(text)}</time>");
    }

    /// <summary>Null for a time never set (the default value), which would read as the year 1.</summary>
    private static DateTimeOffset? Known(DateTimeOffset? at) => at is { } t && t != default ? t : null;

    /// <summary>A subscription's standing as a badge: "cancelling on 2027-03-01", "past due, in grace until …".</summary>
    public static IHtmlContent StandingBadge(SubscriptionStanding standing)
    {
        var (css, text) = standing.Kind switch
        {
            StandingKind.Active => ("badge badge-ok", standing.Until is null ? "active" : $"active, renews {Date(standing.Until)}"),
            StandingKind.Trialing => ("badge", $"trialing until {Date(standing.Until)}"),
            StandingKind.Cancelling => ("badge badge-warn", $"cancelling on {Date(standing.Until)}"),
            StandingKind.PastDueInGrace => ("badge badge-warn", $"past due, in grace until {Time(standing.Until)}"),
            StandingKind.Paused => ("badge badge-warn", standing.Until is null ? "paused" : $"paused until {Date(standing.Until)}"),
            _ => ("badge badge-bad", standing.Until is null ? "ended" : $"ended {Date(standing.Until)}"),
        };
        var title = standing.Until is { } u ? $" title=\"{Exact(u)}\"" : "";
        return new HtmlString($"<span class=\"{css}\"{title}>{HtmlEncoder.Default.Encode(text)}</span>");
    }

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
