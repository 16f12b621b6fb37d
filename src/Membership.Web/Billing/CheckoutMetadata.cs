namespace Membership.Web.Billing;

/// <summary>Metadata keys we put on Stripe objects so a subscription can always name its reader.</summary>
public static class CheckoutMetadata
{
    public const string ReaderId = "reader_id";

    /// <summary>The version of the terms the reader accepted at checkout (the consent record travels with the subscription).</summary>
    public const string TermsVersion = "terms_version";

    /// <summary>The terms' version a subscription's metadata names, or null (one made outside our checkout).</summary>
    public static string? Terms(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(TermsVersion, out var version) && !string.IsNullOrEmpty(version)
            ? version.Length > 64 ? version[..64] : version
            : null;
}
