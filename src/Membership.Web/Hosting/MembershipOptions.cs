namespace Membership.Web.Hosting;

/// <summary>The <c>Membership</c> configuration section (README, "Configuration").</summary>
public sealed class MembershipOptions
{
    public const string Section = "Membership";

    public int Port { get; set; } = 5080;

    /// <summary>Port of the listener that serves /metrics, /docs and /openapi (0: none).</summary>
    public int ManagementPort { get; set; } = OperationalEndpoints.DefaultManagementPort;

    /// <summary>Address the management listener binds (loopback unless a scraper elsewhere needs it).</summary>
    public string ManagementAddress { get; set; } = "127.0.0.1";

    /// <summary>/docs and /openapi on the public port as well; unset: on in Development only.</summary>
    public bool? PublicDocs { get; set; }

    /// <summary>/metrics on the public port as well (off by default).</summary>
    public bool PublicMetrics { get; set; }
    public Uri PublicUrl { get; set; } = new("http://127.0.0.1:5080");
    public string SiteName { get; set; } = "Example News";

    /// <summary>Comma-separated origins allowed by CORS and as return URLs.</summary>
    public string SiteOrigins { get; set; } = "http://127.0.0.1:5080";

    public int GracePeriodDays { get; set; } = 7;
    public string? CookieDomain { get; set; }
    public int SyncIntervalMinutes { get; set; } = 60;
    public BootstrapOptions Bootstrap { get; set; } = new();

    public IReadOnlyList<string> SiteOriginList() =>
        SiteOrigins.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/'))
            .ToArray();
}

public sealed class BootstrapOptions
{
    public string? AdminEmail { get; set; }
    public string? AdminPassword { get; set; }
    public string? SiteApiKey { get; set; }
}
