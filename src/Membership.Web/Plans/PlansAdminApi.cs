using Membership.Web.Accounts;
using Membership.Web.Admin;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Plans;

/// <summary>The plan catalogue for admins. Plans are archived, never deleted: subscriptions keep pointing at them.</summary>
public static class PlansAdminApi
{
    public static IEndpointRouteBuilder MapPlansAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/plans").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin: plans");
        admin.MapGet("/", ListAsync).WithSummary("Every plan, archived ones last, with its number of subscribers (readers with an active, trialing or past_due subscription to it).");
        admin.MapGet("/{key}", GetAsync).WithSummary("One plan with its number of subscribers.");
        admin.MapPost("/", CreateAsync)
            .WithSummary("Create a plan and its Stripe product and price. 409 when the key is taken; 503 when Stripe is unreachable, 502 when it refuses (nothing is saved).");
        admin.MapPatch("/{key}", UpdateAsync)
            .WithSummary("Change a plan. A new amount, currency or interval makes a new Stripe price; existing subscribers keep theirs.");
        admin.MapPost("/{key}/archive", ArchiveAsync).WithSummary("Stop selling a plan. Its subscribers keep their subscriptions.");
        return app;
    }

    private static async Task<Ok<IReadOnlyList<PlanView>>> ListAsync(PlanEditor plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.ListAsync(cancellationToken));

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> GetAsync(string key, PlanEditor plans, CancellationToken cancellationToken) =>
        await plans.GetAsync(key, cancellationToken) is { } plan
            ? TypedResults.Ok(plan)
            : AdminError.NotFound($"No plan has the key '{key}'.").ToProblem();

    private static async Task<Results<Created<PlanView>, ProblemHttpResult>> CreateAsync(
        PlanCreateRequest request, HttpContext http, PlanEditor plans, CancellationToken cancellationToken)
    {
        var result = await plans.CreateAsync(http.User, request, cancellationToken);
        return result.Value is { } plan ? TypedResults.Created($"/api/v1/admin/plans/{plan.Key}", plan) : result.Error!.ToProblem(http);
    }

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> UpdateAsync(
        string key, PlanUpdateRequest request, HttpContext http, PlanEditor plans, CancellationToken cancellationToken)
    {
        var result = await plans.UpdateAsync(http.User, key, request, cancellationToken);
        return result.Value is { } plan ? TypedResults.Ok(plan) : result.Error!.ToProblem(http);
    }

    private static Task<Results<Ok<PlanView>, ProblemHttpResult>> ArchiveAsync(
        string key, HttpContext http, PlanEditor plans, CancellationToken cancellationToken) =>
        UpdateAsync(key, new PlanUpdateRequest(null, null, null, null, null, null, null, Archived: true), http, plans, cancellationToken);
}
