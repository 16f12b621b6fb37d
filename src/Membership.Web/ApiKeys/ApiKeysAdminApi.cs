using Membership.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

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
        ApiKeyRequest request, HttpContext http, ApiKeyAdmin keys, CancellationToken cancellationToken)
    {
        var result = await keys.CreateAsync(http.User, request, cancellationToken);
        if (result.Value is not { } created)
            return TypedResults.ValidationProblem(result.Error!.Fields!.ToDictionary());
        // The only time the key exists outside the caller's hands: keep it out of every cache.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Created($"/api/v1/admin/api-keys/{created.Id}", created);
    }

    private static async Task<Ok<List<ApiKeySummary>>> ListAsync(ApiKeyAdmin keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(cancellationToken));

    private static async Task<Results<Ok<ApiKeySummary>, NotFound>> RevokeAsync(
        Guid id, HttpContext http, ApiKeyAdmin keys, CancellationToken cancellationToken)
    {
        var result = await keys.RevokeAsync(http.User, id, cancellationToken);
        return result.Value is { } key ? TypedResults.Ok(key) : TypedResults.NotFound();
    }
}
