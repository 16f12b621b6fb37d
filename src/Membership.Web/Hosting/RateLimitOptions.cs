using Microsoft.Extensions.Options;

namespace Membership.Web.Hosting;

/// <summary>The <c>RateLimits</c> section: attempts allowed per client IP and window, per kind of sensitive action.</summary>
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
}

public sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var failures = new List<string>();
        if (options.Window <= TimeSpan.Zero || options.Window > TimeSpan.FromDays(1))
            failures.Add($"RateLimits__Window must be a duration between 00:00:01 and 1.00:00:00 (got {options.Window}).");
        foreach (var (setting, value) in new[] { ("SignIn", options.SignIn), ("Register", options.Register), ("AccountMail", options.AccountMail) })
        {
            if (value < 1)
                failures.Add($"RateLimits__{setting} must be at least 1 (got {value}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
