
namespace Membership.Web.AdminActions;

/// <summary>Who did what to whom and when: one row per admin change.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public Guid? ReaderId { get; set; }
    public string? Target { get; set; }

    /// <summary>What changed, as JSON.</summary>
    public string? Details { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}
