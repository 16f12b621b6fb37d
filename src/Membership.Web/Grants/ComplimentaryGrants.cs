using System.Security.Claims;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Membership.Web.Plans;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Grants;

/// <summary>Giving and ending complimentary features: one code path for the JSON API and the admin pages.</summary>
public sealed class ComplimentaryGrants(MembershipDbContext db, AuditLog audit, TimeProvider time)
{
    public static readonly string[] KnownFeatures = [PlanFeatures.AdFree];

    public async Task<AdminResult<ComplimentaryGrant>> GrantAsync(ClaimsPrincipal actor, Guid readerId, GrantRequest request, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var feature = request.Feature ?? PlanFeatures.AdFree;
        if (!KnownFeatures.Contains(feature))
            errors["feature"] = [$"Unknown feature '{feature}'. Known: {string.Join(", ", KnownFeatures)}."];
        if (request.Until is { } until && until <= now)
            errors["until"] = ["The end must be in the future (or null for good)."];
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
            errors["reason"] = ["Say why, in at most 500 characters."];
        if (errors.Count > 0)
            return AdminError.Invalid(errors);
        if (!await db.Users.AnyAsync(r => r.Id == readerId, cancellationToken))
            return AdminError.NotFound("No reader has this id.");

        var grant = new ComplimentaryGrant
        {
            Id = Guid.CreateVersion7(),
            ReaderId = readerId,
            Feature = feature,
            StartsAt = now,
            Until = request.Until,
            Reason = request.Reason!.Trim(),
            CreatedBy = AuditLog.ActorOf(actor),
            CreatedAt = now,
        };
        db.Grants.Add(grant);
        audit.Record(actor, "grant.create", readerId, grant.Id.ToString(), new { feature, request.Until, grant.Reason });
        await SaveAndAnnounceAsync(readerId, cancellationToken);
        return grant;
    }

    /// <summary>Ends a grant now; ending one that already ended changes nothing and writes no audit row.</summary>
    public async Task<AdminResult<ComplimentaryGrant>> EndAsync(ClaimsPrincipal actor, Guid grantId, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == grantId, cancellationToken);
        if (grant is null)
            return AdminError.NotFound("No grant has this id.");
        if (grant.EndedAt is null)
        {
            grant.EndedAt = time.GetUtcNow();
            audit.Record(actor, "grant.end", grant.ReaderId, grant.Id.ToString());
            await SaveAndAnnounceAsync(grant.ReaderId, cancellationToken);
        }
        return grant;
    }

    private async Task SaveAndAnnounceAsync(Guid readerId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await EntitlementChanges.NotifyAsync(db, readerId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
