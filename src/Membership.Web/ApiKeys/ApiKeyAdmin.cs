using System.Security.Claims;
using Membership.Web.AdminActions;
using Membership.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.ApiKeys;

/// <summary>Issuing, listing and revoking API keys: one code path for the JSON API and the admin page.</summary>
public sealed class ApiKeyAdmin(MembershipDbContext db, AuditLog audit, ApiKeyRing ring, TimeProvider time)
{
    public async Task<AdminResult<CreatedApiKey>> CreateAsync(ClaimsPrincipal actor, ApiKeyRequest request, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
            errors["name"] = ["Give the key a name of 1 to 100 characters (e.g. the site it is for)."];
        ApiKeyKind? kind = request.Kind switch { "site" => ApiKeyKind.Site, "admin" => ApiKeyKind.Admin, _ => null };
        if (kind is null)
            errors["kind"] = ["Kind is 'site' (entitlement lookups) or 'admin' (the admin API)."];
        if (errors.Count > 0)
            return AdminError.Invalid(errors);

        var secret = ApiKeySecrets.Generate(kind!.Value);
        var key = new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = name!,
            Kind = kind.Value,
            Prefix = ApiKeySecrets.PrefixOf(secret).ToString(),
            Hash = ApiKeySecrets.Hash(secret),
            CreatedAt = time.GetUtcNow(),
            CreatedBy = AuditLog.ActorOf(actor),
        };
        db.ApiKeys.Add(key);
        audit.Record(actor, "api_key.create", null, key.Id.ToString(), new { key.Name, kind = ApiKeySecrets.KindName(key.Kind), key.Prefix });
        await SaveAndAnnounceAsync(cancellationToken);
        return new CreatedApiKey(key.Id, key.Name, ApiKeySecrets.KindName(key.Kind), key.Prefix, key.CreatedAt, secret);
    }

    public async Task<List<ApiKeySummary>> ListAsync(CancellationToken cancellationToken)
    {
        var keys = await db.ApiKeys.AsNoTracking().OrderByDescending(k => k.CreatedAt).ToListAsync(cancellationToken);
        return keys.Select(ToSummary).ToList();
    }

    /// <summary>Revokes a key; revoking a revoked key changes nothing and writes no audit row.</summary>
    public async Task<AdminResult<ApiKeySummary>> RevokeAsync(ClaimsPrincipal actor, Guid id, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
            return AdminError.NotFound("No API key has this id.");
        if (key.RevokedAt is null)
        {
            key.RevokedAt = time.GetUtcNow();
            audit.Record(actor, "api_key.revoke", null, key.Id.ToString(), new { key.Name, key.Prefix });
            await SaveAndAnnounceAsync(cancellationToken);
        }
        return ToSummary(key);
    }

    private async Task SaveAndAnnounceAsync(CancellationToken cancellationToken)
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
