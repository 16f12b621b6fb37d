using Microsoft.Extensions.Options;

namespace Membership.Web.StripeConnection;

/// <summary>The <c>Stripe</c> configuration section.</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string SecretKey { get; set; } = "";
    public string WebhookSecret { get; set; } = "";
    public Uri ApiBase { get; set; } = new("https://api.stripe.com");

    /// <summary>
    /// How long one HTTP attempt to Stripe may take. Stripe answers in well under a second; a request that
    /// hangs is given up after this, so a reader waits seconds rather than Stripe.net's 80 s default.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Stripe.net's retries of a failed attempt (refused or timed-out connection, 409, 5xx), with backoff
    /// from 0.5 s. Every POST carries an idempotency key that its retries repeat, so Stripe acts once.
    /// One retry rides out a dropped connection; more would keep a reader waiting on a Stripe that hangs.
    /// </summary>
    public int MaxNetworkRetries { get; set; } = 1;

    /// <summary>The longest one Stripe call can take with its retries: attempts × timeout plus the backoff between them.</summary>
    public TimeSpan CallBudget => (MaxNetworkRetries + 1) * Timeout + MaxNetworkRetries * TimeSpan.FromSeconds(5);

    /// <summary>
    /// Reads per second the whole deployment may send to Stripe, shared evenly by the running instances.
    /// Stripe allows about 100 in live mode and 25 in test mode; 80 leaves room for the rest.
    /// </summary>
    public double ReadsPerSecond { get; set; } = 80;

    /// <summary>Where "open in Stripe" links point; the emulator has no dashboard.</summary>
    public Uri DashboardBase { get; set; } = new("https://dashboard.stripe.com/test");
}

public sealed class StripeOptionsValidator : IValidateOptions<StripeOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        var failures = new List<string>();
        if (!options.SecretKey.StartsWith("sk_", StringComparison.Ordinal) && !options.SecretKey.StartsWith("rk_", StringComparison.Ordinal))
            failures.Add("Stripe__SecretKey must be set to a Stripe secret key (sk_... or rk_...).");
        if (!options.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
            failures.Add("Stripe__WebhookSecret must be set to the webhook endpoint's signing secret (whsec_...).");
        if (options.ApiBase is not { IsAbsoluteUri: true } || (options.ApiBase.Scheme != Uri.UriSchemeHttp && options.ApiBase.Scheme != Uri.UriSchemeHttps))
            failures.Add("Stripe__ApiBase must be an absolute http(s) URL.");
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromSeconds(80))
            failures.Add($"Stripe__Timeout must be a time span above 0 and at most 00:01:20 (got {options.Timeout}).");
        if (options.MaxNetworkRetries is < 0 or > 5)
            failures.Add($"Stripe__MaxNetworkRetries must be between 0 and 5 (got {options.MaxNetworkRetries}).");
        if (!(options.ReadsPerSecond >= 1 && options.ReadsPerSecond <= 10_000))
            failures.Add($"Stripe__ReadsPerSecond must be a number from 1 to 10000 (got {options.ReadsPerSecond}).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
