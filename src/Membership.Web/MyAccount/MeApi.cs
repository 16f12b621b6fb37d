using Membership.Web.Accounts;
using Membership.Web.Data;
using Membership.Web.Entitlements;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.MyAccount;

public sealed record MeResponse(Guid Id, string? Email, bool EmailConfirmed, string? DisplayName, EntitlementView Entitlement);

public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me", GetAsync).RequireAuthorization().WithTags("Account")
            .WithSummary("The signed-in reader and their entitlement.");
        return app;
    }

    private static async Task<Results<Ok<MeResponse>, UnauthorizedHttpResult>> GetAsync(
        HttpContext http, MembershipDbContext db, ReaderEntitlements entitlements, CancellationToken cancellationToken)
    {
        var readerId = http.User.ReaderId();
        var reader = readerId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(r => r.Id == readerId, cancellationToken);
        if (reader is null)
            return TypedResults.Unauthorized();
        var decision = await entitlements.EvaluateAsync(reader.Id, cancellationToken);
        return TypedResults.Ok(new MeResponse(reader.Id, reader.Email, reader.EmailConfirmed, reader.DisplayName, EntitlementView.From(decision)));
    }
}
