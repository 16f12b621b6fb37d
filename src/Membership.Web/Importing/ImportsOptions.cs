using System.ComponentModel.DataAnnotations;

namespace Membership.Web.Importing;

/// <summary>The <c>Imports</c> section: how import jobs run in the background.</summary>
public sealed class ImportsOptions
{
    public const string Section = "Imports";

    /// <summary>The most <see cref="MaxCsvBytes"/> may be set to.</summary>
    public const int MaxCsvLimit = 64 * 1024 * 1024;

    /// <summary>Stripe subscriptions per list request (Stripe's maximum is 100), and CSV rows, between checkpoints.</summary>
    [Range(1, 100)]
    public int PageSize { get; set; } = 100;

    /// <summary>
    /// How long a job stays with the instance running it without a heartbeat (renewed every third of it): when
    /// an instance dies mid-run, another continues the job from its last checkpoint after this.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often an idle instance looks for a job another instance queued.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts (each resuming from the checkpoint) before a job that keeps failing is marked failed.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The largest CSV accepted, in bytes.</summary>
    [Range(1024, MaxCsvLimit)]
    public int MaxCsvBytes { get; set; } = 10 * 1024 * 1024;
}
