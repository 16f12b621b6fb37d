using Microsoft.Extensions.Options;

namespace Membership.Web.AdLeaks;

/// <summary>The <c>AdLeaks</c> section: what the snippet watches for ad-free readers, and how reports are taken in.</summary>
public sealed class AdLeaksOptions
{
    public const string Section = "AdLeaks";

    /// <summary>
    /// Comma list of ad and tracker hosts (<c>ads.example.net</c>, <c>cdn.tracker.example:8443</c>): a request to one
    /// from an ad-free reader's page is a leak. Hosts of the page's own inert tags count without being listed.
    /// </summary>
    public string Hosts { get; set; } = "";

    /// <summary>Share of ad-free page views counted (1 = all); each counted view stands for 1/rate views.</summary>
    public double MemberViewSampleRate { get; set; } = 1;

    /// <summary>Reports taken per client address and minute; more get 429.</summary>
    public int ReportsPerMinute { get; set; } = 120;

    /// <summary>How often an instance writes the counts it gathered (one upsert per day and path).</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    public IReadOnlyList<string> HostList() =>
        Hosts.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(h => h.ToLowerInvariant()).ToArray();
}

public sealed class AdLeaksOptionsValidator : IValidateOptions<AdLeaksOptions>
{
    public ValidateOptionsResult Validate(string? name, AdLeaksOptions o)
    {
        var failures = new List<string>();
        foreach (var host in o.HostList())
        {
            if (Uri.CheckHostName(host.Split(':')[0]) == UriHostNameType.Unknown || host.Contains('/', StringComparison.Ordinal))
                failures.Add($"AdLeaks__Hosts has '{host}', which is not a host such as ads.example.net.");
        }
        if (o.MemberViewSampleRate is not (>= 0.0001 and <= 1))
            failures.Add($"AdLeaks__MemberViewSampleRate must be between 0.0001 and 1 (got {o.MemberViewSampleRate}).");
        if (o.ReportsPerMinute < 1)
            failures.Add($"AdLeaks__ReportsPerMinute must be at least 1 (got {o.ReportsPerMinute}).");
        if (o.FlushInterval <= TimeSpan.Zero || o.FlushInterval > TimeSpan.FromMinutes(10))
            failures.Add("AdLeaks__FlushInterval must be between 00:00:00.001 and 00:10:00.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
