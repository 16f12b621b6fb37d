using Microsoft.Extensions.Options;
using MimeKit;

namespace Membership.Web.Accounts;

/// <summary>The <c>Smtp</c> section. Without a host, mail is written as .eml files to the pickup directory.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "no-reply@example.test";
    public bool UseStartTls { get; set; } = true;

    /// <summary>Relative paths are taken from the content root.</summary>
    public string PickupDirectory { get; set; } = ".data/mail";
}

public sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var failures = new List<string>();
        if (options.Port is < 1 or > 65535)
            failures.Add($"Smtp__Port must be between 1 and 65535 (got {options.Port}).");
        if (!MailboxAddress.TryParse(options.From, out _))
            failures.Add("Smtp__From must be an email address such as no-reply@news.example.com.");
        if (string.IsNullOrWhiteSpace(options.Host) && string.IsNullOrWhiteSpace(options.PickupDirectory))
            failures.Add("Smtp__PickupDirectory must be set when Smtp__Host is not.");
        if (string.IsNullOrEmpty(options.Username) != string.IsNullOrEmpty(options.Password))
            failures.Add("Smtp__Username and Smtp__Password must be set together.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
