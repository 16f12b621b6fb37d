using Membership.Web.Accounts;
using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Grants;

public sealed record GrantRequest(string? Feature, DateTimeOffset? Until, string? Reason);
public sealed record GrantResponse(Guid Id, Guid ReaderId, string Feature, DateTimeOffset StartsAt, DateTimeOffset? Until, DateTimeOffset? EndedAt, string Reason)
{
    public static GrantResponse From(ComplimentaryGrant g) => new(g.Id, g.ReaderId, g.Feature, g.StartsAt, g.Until, g.EndedAt, g.Reason);
}

/// <summary>Complimentary memberships: an admin gives a reader a feature, until a date or for good.</summary>
public static class GrantsAdminApi
{
    public static IEndpointRouteBuilder MapGrantsAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin");
        admin.MapPost("/readers/{id:guid}/grants", CreateAsync).WithSummary("Give a reader a complimentary feature.");
        admin.MapDelete("/grants/{id:guid}", EndAsync).WithSummary("End a complimentary grant now.");
        return app;
    }

    private static async Task<Results<Created<GrantResponse>, ProblemHttpResult>> CreateAsync(
        Guid id, GrantRequest request, HttpContext http, ComplimentaryGrants grants, CancellationToken cancellationToken)
    {
        var result = await grants.GrantAsync(http.User, id, request, cancellationToken);
        return result.Value is { } grant
            ? TypedResults.Created($"/api/v1/admin/grants/{grant.Id}", GrantResponse.From(grant))
            : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<GrantResponse>, ProblemHttpResult>> EndAsync(
        Guid id, HttpContext http, ComplimentaryGrants grants, CancellationToken cancellationToken)
    {
        var result = await grants.EndAsync(http.User, id, cancellationToken);
        return result.Value is { } grant ? TypedResults.Ok(GrantResponse.From(grant)) : result.Error!.ToProblem();
    }
}
