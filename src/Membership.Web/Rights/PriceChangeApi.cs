using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Rights;

/// <summary>The admin's choice for existing subscribers after a plan's price changed (see <see cref="PriceChangeDecisions"/>).</summary>
public static class PriceChangeApi
{
    public static IEndpointRouteBuilder MapPriceChangeApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/admin/plans/{key}/price-change", DecideAsync)
            .RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin: plans").WithBodyLimit(1024)
            .WithSummary("After a price change: \"move\" the subscribers of the plan's older prices to the current one after a mailed notice "
                + "of Membership__Legal__PriceChangeNoticeDays days (at their next renewal after it), or \"grandfather\" them.");
        return app;
    }

    private static async Task<Results<Ok<PriceChangeDecision>, ProblemHttpResult>> DecideAsync(
        string key, PriceChangeRequest request, HttpContext http, PriceChangeDecisions decisions, CancellationToken cancellationToken)
    {
        var result = await decisions.DecideAsync(http.User, key, request, cancellationToken);
        return result.Value is { } decision ? TypedResults.Ok(decision) : result.Error!.ToProblem(http);
    }
}
