namespace Membership.Web.Pages.Admin.Readers;

/// <summary>The reader page's "grant complimentary ad-free" form.</summary>
public sealed class GrantForm
{
    public string? Reason { get; set; }

    /// <summary>The last day (in the admin's time zone) the grant is in effect; empty for good.</summary>
    public DateOnly? LastDay { get; set; }

    /// <summary>The grant runs to the end of its last day.</summary>
    public DateTimeOffset? Until => LastDay is { } day ? Display.EndOfDay(day) : null;
}
