namespace Membership.Web.Billing;

/// <summary>Metadata keys we put on Stripe objects so a subscription can always name its reader.</summary>
public static class CheckoutMetadata
{
    public const string ReaderId = "reader_id";

    /// <summary>The version of the terms the reader accepted at checkout (the consent record travels with the subscription).</summary>
    public const string TermsVersion = "terms_version";

    /// <summary>
    /// When the reader declared the cancellation (Unix seconds), set in the same update that schedules it, so the one
    /// cancellation mail (sent on the webhook) can carry the time of the declaration (§312k BGB).
    /// </summary>
    public const string CancelDeclaredAt = "cancel_declared_at";

    /// <summary>The declaration time a subscription's metadata names, or null.</summary>
    public static DateTimeOffset? CancelDeclared(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(CancelDeclaredAt, out var seconds) && long.TryParse(seconds, out var unix) && unix > 0
            ? DateTimeOffset.FromUnixTimeSeconds(unix)
            : null;

    /// <summary>The terms' version a subscription's metadata names, or null (one made outside our checkout).</summary>
    public static string? Terms(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.TryGetValue(TermsVersion, out var version) && !string.IsNullOrEmpty(version)
            ? version.Length > 64 ? version[..64] : version
            : null;
}
