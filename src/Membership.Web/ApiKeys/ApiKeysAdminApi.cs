using Membership.Web.Accounts;
using Membership.Web.Admin;
using Membership.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.ApiKeys;

public sealed record ApiKeyRequest(string? Name, string? Kind);
public sealed record ApiKeySummary(
    Guid Id, string Name, string Kind, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt, string? CreatedBy);
public sealed record CreatedApiKey(Guid Id, string Name, string Kind, string Prefix, DateTimeOffset CreatedAt, string Key);

/// <summary>Admins issue, list and revoke the keys sites (and scripts) call the service with.</summary>
public static class ApiKeysAdminApi
{
    public static IEndpointRouteBuilder MapApiKeysAdminApi(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/v1/admin/api-keys").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin");
        keys.MapPost("/", CreateAsync).WithSummary("Issue an API key; the key is in this response only.");
        keys.MapGet("/", ListAsync).WithSummary("Every key, newest first, without secrets.");
        keys.MapDelete("/{id:guid}", RevokeAsync).WithSummary("Revoke a key; every instance refuses it within a second.");
        return app;
    }

    private static async Task<Results<Created<CreatedApiKey>, ValidationProblem>> CreateAsync(
        ApiKeyRequest request, HttpContext http, MembershipDbContext db, AuditLog audit, ApiKeyRing ring, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
            errors["name"] = ["Give the key a name of 1 to 100 characters (e.g. the site it is for)."];
        ApiKeyKind? kind = request.Kind switch { "site" => ApiKeyKind.Site, "admin" => ApiKeyKind.Admin, _ => null };
        if (kind is null)
            errors["kind"] = ["Kind is 'site' (entitlement lookups) or 'admin' (the admin API)."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var secret = ApiKeySecrets.Generate(kind!.Value);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = name!,
            Kind = kind.Value,
            Prefix = ApiKeySecrets.PrefixOf(secret).ToString(),
            Hash = ApiKeySecrets.Hash(secret),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = http.User.Identity?.Name,
        };
        db.ApiKeys.Add(key);
        audit.Record(http.User, "api_key.create", null, key.Id.ToString(), new { key.Name, kind = ApiKeySecrets.KindName(key.Kind), key.Prefix });
        await SaveAndAnnounceAsync(db, ring, cancellationToken);
        // The only time the key exists outside the caller's hands: keep it out of every cache.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/admin/api-keys/{key.Id}",
            new CreatedApiKey(key.Id, key.Name, ApiKeySecrets.KindName(key.Kind), key.Prefix, key.CreatedAt, secret));
    }

    private static async Task<Ok<List<ApiKeySummary>>> ListAsync(MembershipDbContext db, CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        return TypedResults.Ok(keys.Select(ToSummary).ToList());
    }

    private static async Task<Results<Ok<ApiKeySummary>, NotFound>> RevokeAsync(
        Guid id, HttpContext http, MembershipDbContext db, AuditLog audit, ApiKeyRing ring, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
            return TypedResults.NotFound();
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            audit.Record(http.User, "api_key.revoke", null, key.Id.ToString(), new { key.Name, key.Prefix });
            await SaveAndAnnounceAsync(db, ring, cancellationToken);
        }
        return TypedResults.Ok(ToSummary(key));
    }

    private static async Task SaveAndAnnounceAsync(MembershipDbContext db, ApiKeyRing ring, CancellationToken cancellationToken)
    {
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            await ApiKeyRing.NotifyAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // This instance need not wait for its own notification.
        await ring.LoadAsync(cancellationToken);
    }

    private static ApiKeySummary ToSummary(ApiKey k) =>
        new(k.Id, k.Name, ApiKeySecrets.KindName(k.Kind), k.Prefix, k.CreatedAt, k.LastUsedAt, k.RevokedAt, k.CreatedBy);
}
