using Membership.Web.Accounts;
using Membership.Web.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Billing;

public sealed record CheckoutRequest(string? PlanKey);
public sealed record CheckoutResponse(string Url, string SessionId);
public sealed record PortalResponse(string Url);

/// <summary>The reader's own billing actions: start a checkout, open the portal, cancel or resume.</summary>
public static class CheckoutApi
{
    public static IEndpointRouteBuilder MapCheckoutApi(this IEndpointRouteBuilder app)
    {
        var me = app.MapGroup("/api/v1/me").RequireAuthorization().WithTags("Billing");
        // {"planKey": "..."}: a plan key has at most 64 characters.
        me.MapPost("/checkout", CheckoutAsync).WithSummary("Start a Stripe Checkout session for a plan.").WithBodyLimit(1024);
        me.MapPost("/portal", PortalAsync).WithSummary("Open the Stripe billing portal.");
        me.MapPost("/subscription/cancel", (HttpContext http, SubscriptionActions actions, CancellationToken ct) => ChangeAsync(http, actions, true, ct))
            .WithSummary("Cancel the live subscription at the end of its period.");
        me.MapPost("/subscription/resume", (HttpContext http, SubscriptionActions actions, CancellationToken ct) => ChangeAsync(http, actions, false, ct))
            .WithSummary("Undo a scheduled cancellation.");
        return app;
    }

    private static async Task<Results<Ok<CheckoutResponse>, ValidationProblem, ProblemHttpResult>> CheckoutAsync(
        CheckoutRequest request, HttpContext http, CheckoutSessions sessions, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.PlanKey))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["planKey"] = ["Choose a plan."] });
        var result = await sessions.StartAsync(http.User.ReaderId()!.Value, request.PlanKey, cancellationToken);
        return result switch
        {
            CheckoutResult.Started started => TypedResults.Ok(new CheckoutResponse(started.Url, started.SessionId)),
            CheckoutResult.UnknownPlan => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["planKey"] = [$"There is no plan '{request.PlanKey}'."] }),
            _ => TypedResults.Problem("You already have a subscription. Manage it in the billing portal.",
                statusCode: StatusCodes.Status409Conflict, title: "Already subscribed"),
        };
    }

    private static async Task<Ok<PortalResponse>> PortalAsync(HttpContext http, BillingPortalSessions portal, CancellationToken cancellationToken) =>
        TypedResults.Ok(new PortalResponse(await portal.CreateAsync(http.User.ReaderId()!.Value, cancellationToken)));

    private static async Task<Results<NoContent, ProblemHttpResult>> ChangeAsync(
        HttpContext http, SubscriptionActions actions, bool cancel, CancellationToken cancellationToken)
    {
        var changed = await actions.SetCancelAtPeriodEndAsync(http.User.ReaderId()!.Value, cancel, cancellationToken);
        return changed
            ? TypedResults.NoContent()
            : TypedResults.Problem("You have no subscription to change.", statusCode: StatusCodes.Status409Conflict, title: "No subscription");
    }
}
