using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Billing;

/// <summary><c>POST /api/v1/me/subscription/change</c>: preview a plan switch, or make it.</summary>
public static class PlanSwitchApi
{
    public static IEndpointRouteBuilder MapPlanSwitchApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/me/subscription/change", ChangeAsync).RequireAuthorization().WithTags("Billing").WithBodyLimit(1024)
            .WithSummary("Switch the live subscription to another plan: monthly to yearly now (prorated), yearly to monthly at the period end. With preview=true, only what it would cost.");
        return app;
    }

    private static async Task<Results<Ok<PlanSwitchResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        PlanSwitchRequest request, HttpContext http, PlanSwitches switches, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.PlanKey))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["planKey"] = ["Choose a plan."] });
        var result = await switches.SwitchAsync(http.User.ReaderId()!.Value, request.PlanKey, request.Preview, cancellationToken);
        return result switch
        {
            PlanSwitchResult.Done done => TypedResults.Ok(done.Response),
            PlanSwitchResult.UnknownPlan => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["planKey"] = [$"There is no plan '{request.PlanKey}'."] }),
            PlanSwitchResult.NoSubscription => TypedResults.Problem("You have no subscription to switch. Choose a plan to join.",
                statusCode: StatusCodes.Status409Conflict, title: "No subscription"),
            PlanSwitchResult.SamePlan => TypedResults.Problem("You are already on this plan.", statusCode: StatusCodes.Status409Conflict, title: "Same plan"),
            PlanSwitchResult.NotSwitchable not => TypedResults.Problem(not.Reason, statusCode: StatusCodes.Status409Conflict, title: "Cannot switch now"),
            _ => throw new InvalidOperationException($"Unexpected result {result}."),
        };
    }
}
