namespace Membership.Web.Entitlements;

/// <summary>A feature an admin gave a reader without payment, until a date or for good.</summary>
public sealed class ComplimentaryGrant
{
    public Guid Id { get; set; }
    public Guid ReaderId { get; set; }
    public required string Feature { get; set; }
    public DateTimeOffset StartsAt { get; set; }

    /// <summary>Null: for good.</summary>
    public DateTimeOffset? Until { get; set; }

    /// <summary>Set when an admin ended it early.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public required string Reason { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
