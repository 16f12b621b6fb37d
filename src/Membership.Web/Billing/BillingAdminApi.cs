using Membership.Web.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Billing;

/// <summary>An admin sync: subscriptions re-read and written, and live ones Stripe no longer knows (kept, and in the reader's history).</summary>
public sealed record SyncResult(Guid ReaderId, int SubscriptionsSynced, IReadOnlyList<string> MissingInStripe);

public static class BillingAdminApi
{
    public static IEndpointRouteBuilder MapBillingAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin");
        admin.MapPost("/readers/{id:guid}/sync", SyncAsync)
            .WithSummary("Re-read the reader's customer and subscriptions from Stripe and correct local state. missingInStripe lists live subscriptions Stripe does not know (kept as they are, and recorded in the reader's history).");
        admin.MapPost("/stripe-events/{id}/replay", ReplayAsync).WithSummary("Process a stored Stripe event again.");
        return app;
    }

    private static async Task<Results<Ok<SyncResult>, ProblemHttpResult>> SyncAsync(
        Guid id, HttpContext http, BillingRepairs repairs, CancellationToken cancellationToken)
    {
        var result = await repairs.SyncReaderAsync(http.User, id, cancellationToken);
        return result.Value is { } synced ? TypedResults.Ok(synced) : result.Error!.ToProblem(http);
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> ReplayAsync(
        string id, HttpContext http, BillingRepairs repairs, CancellationToken cancellationToken)
    {
        var result = await repairs.ReplayAsync(http.User, id, cancellationToken);
        return result.Value is not null ? TypedResults.Accepted((string?)null) : result.Error!.ToProblem();
    }
}
