namespace Membership.Web.ApiKeys;

/// <summary>A site or admin API key. Only a hash of the secret is stored; the key is shown once.</summary>
public sealed class ApiKey
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public ApiKeyKind Kind { get; set; }

    /// <summary>The first characters of the key, so admins can tell keys apart without the secret.</summary>
    public required string Prefix { get; set; }

    /// <summary>SHA-256 of the whole key (keys are long random strings, so a fast hash is enough).</summary>
    public required byte[] Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? CreatedBy { get; set; }
}

public enum ApiKeyKind
{
    Site = 0,
    Admin = 1,
}
