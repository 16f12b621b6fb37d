using System.ComponentModel.DataAnnotations;

namespace Membership.Web.Webhooks;

/// <summary>The <c>Webhooks</c> section: outbound entitlement events and the pull feed.</summary>
public sealed class WebhooksOptions
{
    public const string Section = "Webhooks";

    /// <summary>How long the pull feed keeps events (<c>Webhooks__FeedRetention</c>).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan FeedRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An endpoint that has failed without one success for this long is disabled, with a notice in admin.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>How often the workers look for work when nothing woke them.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>One attempt's time limit.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
