using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>The <c>RateLimits</c> section: attempts allowed per client IP and window, per kind of sensitive action, and requests per site key.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in attempts (page and JSON) per window.</summary>
    public int SignIn { get; set; } = 10;

    /// <summary>Registrations (page and JSON) per window.</summary>
    public int Register { get; set; } = 5;

    /// <summary>Requests that mail someone: forgot password and resend confirmation, per window.</summary>
    public int AccountMail { get; set; } = 5;

    /// <summary>Site entitlement API requests per site key per <see cref="SiteKeyWindow"/>: far above a busy site's page views.</summary>
    public int SiteKey { get; set; } = 5000;

    public TimeSpan SiteKeyWindow { get; set; } = TimeSpan.FromSeconds(1);
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.Window <= TimeSpan.Zero || options.Window > TimeSpan.FromDays(1))
            failures.Add($"RateLimits__Window must be a duration between 00:00:01 and 1.00:00:00 (got {options.Window}).");
        if (options.SiteKeyWindow <= TimeSpan.Zero || options.SiteKeyWindow > TimeSpan.FromDays(1))
            failures.Add($"RateLimits__SiteKeyWindow must be a duration between 00:00:00.001 and 1.00:00:00 (got {options.SiteKeyWindow}).");
        foreach (var (setting, value) in new[] { ("SignIn", options.SignIn), ("Register", options.Register), ("AccountMail", options.AccountMail), ("SiteKey", options.SiteKey) })
        {
            if (value < 1)
                failures.Add($"RateLimits__{setting} must be at least 1 (got {value}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
