namespace Membership.Web.Entitlements;

/// <summary>An ES256 key for the <c>adfree_pass</c>; shared by every instance, rotated on a schedule.</summary>
public sealed class SigningKey
{
    public required string Kid { get; set; }

    /// <summary>The public key as a JWK (JSON), published at /.well-known/jwks.json.</summary>
    public required string PublicJwk { get; set; }

    /// <summary>The private key, protected with ASP.NET Core Data Protection.</summary>
    public required string ProtectedPrivateKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Signs from here on; published earlier so verifiers know it before the first token.</summary>
    public DateTimeOffset ActivatesAt { get; set; }

    /// <summary>After this it neither signs nor is published (its last token has expired).</summary>
    public DateTimeOffset RetiresAt { get; set; }
}
