using Membership.Web.Accounts;
using Membership.Web.AdminActions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Plans;

/// <summary>The plan catalogue for admins. Plans are archived, never deleted: subscriptions keep pointing at them.</summary>
public static class PlansAdminApi
{
    public static IEndpointRouteBuilder MapPlansAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin/plans").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin: plans");
        admin.MapGet("/", ListAsync).WithSummary("Every plan, archived ones last, with its number of subscribers (readers whose subscription to it grants access as the entitlement policy decides: past due only within grace, not paused).");
        admin.MapGet("/{key}", GetAsync).WithSummary("One plan with its number of subscribers; its version in the ETag header.");
        admin.MapPost("/", CreateAsync)
            .WithSummary("Create a plan and its Stripe product and price. 409 when the key is taken; 503 when Stripe is unreachable, 502 when it refuses (nothing is saved).");
        admin.MapPatch("/{key}", UpdateAsync)
            .WithSummary("Change a plan. A new amount, currency or interval makes a new Stripe price; existing subscribers keep theirs.")
            .WithDescription(IfMatchNote);
        admin.MapPost("/{key}/archive", ArchiveAsync).WithSummary("Stop selling a plan. Its subscribers keep their subscriptions.").WithDescription(IfMatchNote);
        return app;
    }

    private const string IfMatchNote =
        "Optional If-Match with the ETag of a GET: 412 when the plan changed since (nothing is changed). Without it the change applies to the plan as it is. The answer carries the new ETag.";

    private static async Task<Ok<IReadOnlyList<PlanView>>> ListAsync(PlanEditor plans, CancellationToken cancellationToken) =>
        TypedResults.Ok(await plans.ListAsync(cancellationToken));

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> GetAsync(
        string key, HttpContext http, PlanEditor plans, CancellationToken cancellationToken)
    {
        if (await plans.GetAsync(key, cancellationToken) is not { } plan)
            return AdminError.NotFound($"No plan has the key '{key}'.").ToProblem();
        http.Response.Headers.ETag = PlanETags.Of(plan.Version);
        return TypedResults.Ok(plan);
    }

    private static async Task<Results<Created<PlanView>, ProblemHttpResult>> CreateAsync(
        PlanCreateRequest request, HttpContext http, PlanEditor plans, CancellationToken cancellationToken)
    {
        var result = await plans.CreateAsync(http.User, request, cancellationToken);
        if (result.Value is not { } plan)
            return result.Error!.ToProblem(http);
        http.Response.Headers.ETag = PlanETags.Of(plan.Version);
        return TypedResults.Created($"/api/v1/admin/plans/{plan.Key}", plan);
    }

    private static async Task<Results<Ok<PlanView>, ProblemHttpResult>> UpdateAsync(
        string key, PlanUpdateRequest request, HttpContext http, PlanEditor plans, CancellationToken cancellationToken)
    {
        var result = await plans.UpdateAsync(http.User, key, request, PlanETags.Expected(http.Request), cancellationToken);
        if (result.Value is not { } plan)
            return result.Error!.ToProblem(http);
        http.Response.Headers.ETag = PlanETags.Of(plan.Version);
        return TypedResults.Ok(plan);
    }

    private static Task<Results<Ok<PlanView>, ProblemHttpResult>> ArchiveAsync(
        string key, HttpContext http, PlanEditor plans, CancellationToken cancellationToken) =>
        UpdateAsync(key, new PlanUpdateRequest(null, null, null, null, null, null, null, Archived: true), http, plans, cancellationToken);
}
