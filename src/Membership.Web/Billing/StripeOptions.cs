using Microsoft.Extensions.Options;

namespace Membership.Web.Billing;

/// <summary>The <c>Stripe</c> configuration section.</summary>
public sealed class StripeOptions
{
    public const string Section = "Stripe";

    public string SecretKey { get; set; } = "";
    public string WebhookSecret { get; set; } = "";
    public Uri ApiBase { get; set; } = new("https://api.stripe.com");

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
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
