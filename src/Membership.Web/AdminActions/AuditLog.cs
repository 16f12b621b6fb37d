using System.Security.Claims;
using System.Text.Json;
using Membership.Web.Data;

namespace Membership.Web.AdminActions;

/// <summary>Adds an audit row to the caller's unit of work, so it commits (or not) with the change itself.</summary>
public sealed class AuditLog(MembershipDbContext db, TimeProvider time)
{
    /// <summary>
    /// Who did it, as the audit log and every "created by" column name them: the email (an admin's
    /// user name can differ from it), else the name (an admin API key's).
    /// </summary>
    public static string ActorOf(ClaimsPrincipal actor) => actor.FindFirstValue(ClaimTypes.Email) ?? actor.Identity?.Name ?? "unknown";

    public void Record(ClaimsPrincipal actor, string action, Guid? readerId, string? target, object? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            Actor = ActorOf(actor),
            Action = action,
            ReaderId = readerId,
            Target = target,
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
            OccurredAt = time.GetUtcNow(),
        });
}
