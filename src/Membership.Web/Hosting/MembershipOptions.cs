namespace Membership.Web.Hosting;

/// <summary>The <c>Membership</c> configuration section (README, "Configuration").</summary>
public sealed class MembershipOptions
{
    public const string Section = "Membership";

    public int Port { get; set; } = 5080;
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
