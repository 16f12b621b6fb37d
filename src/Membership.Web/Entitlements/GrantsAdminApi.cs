using Membership.Web.Accounts;
using Membership.Web.Admin;
using Membership.Web.Data;
using Membership.Web.Plans;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Entitlements;

public sealed record GrantRequest(string? Feature, DateTimeOffset? Until, string? Reason);
public sealed record GrantResponse(Guid Id, Guid ReaderId, string Feature, DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt, string Reason);

/// <summary>Complimentary memberships: an admin gives a reader a feature, until a date or for good.</summary>
public static class GrantsAdminApi
{
    private static readonly string[] KnownFeatures = [PlanFeatures.AdFree];

    public static IEndpointRouteBuilder MapGrantsAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin");
        admin.MapPost("/readers/{id:guid}/grants", CreateAsync).WithSummary("Give a reader a complimentary feature.");
        admin.MapDelete("/grants/{id:guid}", EndAsync).WithSummary("End a complimentary grant now.");
        return app;
    }

    private static async Task<Results<Created<GrantResponse>, NotFound, ValidationProblem>> CreateAsync(
        Guid id, GrantRequest request, HttpContext http, MembershipDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
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
            return TypedResults.ValidationProblem(errors);
        if (!await db.Users.AnyAsync(r => r.Id == id, cancellationToken))
            return TypedResults.NotFound();

        var grant = new ComplimentaryGrant
        {
            Id = Guid.CreateVersion7(),
            ReaderId = id,
            Feature = feature,
            StartsAt = now,
            Until = request.Until,
            Reason = request.Reason!.Trim(),
            CreatedBy = http.User.Identity?.Name,
            CreatedAt = now,
        };
        db.Grants.Add(grant);
        audit.Record(http.User, "grant.create", id, grant.Id.ToString(), new { feature, request.Until, grant.Reason });
        await SaveAndAnnounceAsync(db, id, cancellationToken);
        return TypedResults.Created($"/api/v1/admin/grants/{grant.Id}", ToResponse(grant));
    }

    private static async Task<Results<Ok<GrantResponse>, NotFound>> EndAsync(
        Guid id, HttpContext http, MembershipDbContext db, AuditLog audit, TimeProvider time, CancellationToken cancellationToken)
    {
        var grant = await db.Grants.FirstOrDefaultAsync(g => g.Id == id, cancellationToken);
        if (grant is null)
            return TypedResults.NotFound();
        if (grant.EndedAt is null)
        {
            grant.EndedAt = time.GetUtcNow();
            audit.Record(http.User, "grant.end", grant.ReaderId, grant.Id.ToString());
            await SaveAndAnnounceAsync(db, grant.ReaderId, cancellationToken);
        }
        return TypedResults.Ok(ToResponse(grant));
    }

    private static async Task SaveAndAnnounceAsync(MembershipDbContext db, Guid readerId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_notify('entitlement_changed', {readerId.ToString()})", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static GrantResponse ToResponse(ComplimentaryGrant g) => new(g.Id, g.ReaderId, g.Feature, g.StartsAt, g.Until, g.EndedAt, g.Reason);
}
