namespace Membership.Web.Billing;

/// <summary>
/// <c>Membership:Legal:TermsVersion</c>: the version of the terms shown at checkout. It goes into the subscription's
/// Stripe metadata, so the consent record (version, and the moment the reader paid) travels with the subscription.
/// </summary>
public sealed class CheckoutTermsOptions
{
    public const string Section = "Membership:Legal";

    public string TermsVersion { get; set; } = "1";
}
