using Microsoft.Extensions.Options;

namespace Membership.Web.Entitlements;

/// <summary>The <c>Entitlements</c> section: the read cache and the signed pass. Defaults suit production.</summary>
public sealed class EntitlementsOptions
{
    public const string Section = "Entitlements";

    /// <summary>Readers kept in memory at most (about 500 bytes each); 0 turns the cache off.</summary>
    public int CacheSize { get; set; } = 1_000_000;

    /// <summary>
    /// Connections for cache misses (a pool of their own). Small on purpose: each query takes well
    /// under a millisecond, and a few busy connections beat many contending ones on the database.
    /// </summary>
    public int ReadPoolSize { get; set; } = 8;

    /// <summary>A cached entry is reloaded after this long even without a notification (belt and braces).</summary>
    public TimeSpan CacheMaxAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long cached answers are still served, marked stale, after the database stopped answering.</summary>
    public TimeSpan ServeStaleFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an <c>adfree_pass</c> is valid; at most one hour.</summary>
    public TimeSpan PassLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long each signing key signs before the next one takes over.</summary>
    public TimeSpan SigningKeyRotation { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long before it signs a new key is published in the JWKS, so verifiers that cache the JWKS know it.</summary>
    public TimeSpan SigningKeyPublishAhead { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often an instance checks whether a key is due (the work itself runs on one instance at a time).</summary>
    public TimeSpan SigningKeyCheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}

public sealed class EntitlementsOptionsValidator : IValidateOptions<EntitlementsOptions>
{
    public ValidateOptionsResult Validate(string? name, EntitlementsOptions o)
    {
        var failures = new List<string>();
        if (o.CacheSize < 0)
            failures.Add($"Entitlements__CacheSize must be 0 (off) or more (got {o.CacheSize}).");
        if (o.ReadPoolSize is < 1 or > 1000)
            failures.Add($"Entitlements__ReadPoolSize must be between 1 and 1000 (got {o.ReadPoolSize}).");
        if (o.CacheMaxAge <= TimeSpan.Zero)
            failures.Add("Entitlements__CacheMaxAge must be positive.");
        if (o.ServeStaleFor < TimeSpan.Zero)
            failures.Add("Entitlements__ServeStaleFor must not be negative.");
        if (o.PassLifetime < TimeSpan.FromMinutes(1) || o.PassLifetime > TimeSpan.FromHours(1))
            failures.Add("Entitlements__PassLifetime must be between 00:01:00 and 01:00:00.");
        if (o.SigningKeyPublishAhead <= o.SigningKeyCheckInterval)
            failures.Add("Entitlements__SigningKeyPublishAhead must be longer than Entitlements__SigningKeyCheckInterval.");
        if (o.SigningKeyRotation <= o.SigningKeyPublishAhead)
            failures.Add("Entitlements__SigningKeyRotation must be longer than Entitlements__SigningKeyPublishAhead.");
        if (o.SigningKeyCheckInterval <= TimeSpan.Zero)
            failures.Add("Entitlements__SigningKeyCheckInterval must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
