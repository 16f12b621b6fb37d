using System.Security.Claims;
using System.Text.Json;
using Membership.Web.Data;

namespace Membership.Web.Admin;

/// <summary>Adds an audit row to the caller's unit of work, so it commits (or not) with the change itself.</summary>
public sealed class AuditLog(MembershipDbContext db, TimeProvider time)
{
    public void Record(ClaimsPrincipal actor, string action, Guid? readerId, string? target, object? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            Actor = actor.FindFirstValue(ClaimTypes.Email) ?? actor.Identity?.Name ?? "unknown",
            Action = action,
            ReaderId = readerId,
            Target = target,
            Details = details is null ? null : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
            OccurredAt = time.GetUtcNow(),
        });
}
