using Membership.Web.Accounts;
using Membership.Web.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Membership.Web.Billing;

public sealed record SyncResult(Guid ReaderId, int SubscriptionsSynced);

public static class BillingAdminApi
{
    public static IEndpointRouteBuilder MapBillingAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin");
        admin.MapPost("/readers/{id:guid}/sync", SyncAsync)
            .WithSummary("Re-read the reader's customer and subscriptions from Stripe and correct local state.");
        admin.MapPost("/stripe-events/{id}/replay", ReplayAsync).WithSummary("Process a stored Stripe event again.");
        return app;
    }

    private static async Task<Results<Ok<SyncResult>, NotFound>> SyncAsync(Guid id, MembershipDbContext db, SubscriptionSync sync, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(r => r.Id == id, cancellationToken))
            return TypedResults.NotFound();
        var count = await sync.SyncReaderAsync(id, "admin sync", cancellationToken);
        return TypedResults.Ok(new SyncResult(id, count));
    }

    private static async Task<Results<Accepted, NotFound>> ReplayAsync(string id, StripeEventInbox inbox, CancellationToken cancellationToken) =>
        await inbox.ReplayAsync(id, cancellationToken) ? TypedResults.Accepted((string?)null) : TypedResults.NotFound();
}
