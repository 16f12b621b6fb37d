using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>Names each bad setting by its environment variable, so one line tells an operator what to fix.</summary>
public sealed class MembershipOptionsValidator : IValidateOptions<MembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, MembershipOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
            failures.Add($"Membership__Port must be between 1 and 65535 (got {options.Port}).");
        if (options.ManagementPort is < 0 or > 65535)
            failures.Add($"Membership__ManagementPort must be between 0 (none) and 65535 (got {options.ManagementPort}).");
        else if (options.ManagementPort != 0 && options.ManagementPort == options.Port)
            failures.Add($"Membership__ManagementPort must differ from Membership__Port (both {options.Port}).");
        if (!System.Net.IPAddress.TryParse(options.ManagementAddress, out _))
            failures.Add("Membership__ManagementAddress must be an IP address such as 127.0.0.1 or 0.0.0.0.");
        if (!SettingChecks.IsHttpUrl(options.PublicUrl))
            failures.Add("Membership__PublicUrl must be an absolute http(s) URL.");
        if (string.IsNullOrWhiteSpace(options.SiteName))
            failures.Add("Membership__SiteName must not be empty.");
        foreach (var origin in options.SiteOriginList())
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !SettingChecks.IsHttpUrl(uri) || uri.AbsolutePath != "/")
                failures.Add($"Membership__SiteOrigins has '{origin}', which is not an origin such as https://news.example.com.");
        }
        if (options.GracePeriodDays is < 0 or > 365)
            failures.Add($"Membership__GracePeriodDays must be between 0 and 365 (got {options.GracePeriodDays}).");
        if (options.SyncIntervalMinutes is < 1 or > 10_080)
            failures.Add($"Membership__SyncIntervalMinutes must be between 1 and 10080 (got {options.SyncIntervalMinutes}).");
        if (options.Bootstrap.AdminEmail is { Length: > 0 } != options.Bootstrap.AdminPassword is { Length: > 0 })
            failures.Add("Membership__Bootstrap__AdminEmail and Membership__Bootstrap__AdminPassword must be set together.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

internal static class SettingChecks
{
    public static bool IsHttpUrl(Uri? uri) =>
        uri is { IsAbsoluteUri: true } && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
