using Membership.Web.Accounts;
using Membership.Web.AdminActions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Membership.Web.Admin;

public static class AdminReadersApi
{
    public static IEndpointRouteBuilder MapAdminReadersApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/v1/admin").RequireAuthorization(AuthorizationPolicies.Admin).WithTags("Admin: readers");
        admin.MapGet("/readers", SearchAsync)
            .WithSummary("Find readers by id, exact email or email prefix (case-insensitive), ordered by email, a page at a time (limit 1-200, default 50; pass nextCursor as cursor).");
        admin.MapGet("/readers/{id:guid}", GetAsync)
            .WithSummary("A reader's profile, subscriptions, recent invoices (from stored events), complimentary grants and entitlement with its reasons.");
        admin.MapGet("/readers/{id:guid}/explain", ExplainAsync)
            .WithSummary("The reader's entitlement decision with its reasons and the timeline behind it (subscription changes, Stripe events, grants, syncs, audit entries), newest first.");
        admin.MapGet("/export/readers.csv", Export)
            .WithSummary("Every reader with status and plan as CSV, streamed.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    private static async Task<Results<Ok<Page<ReaderSummary>>, ProblemHttpResult>> SearchAsync(
        string? query, string? cursor, int? limit, ReaderSearch search, CancellationToken cancellationToken)
    {
        var result = await search.SearchAsync(query, cursor, limit, cancellationToken);
        return result.Value is { } page ? TypedResults.Ok(page) : result.Error!.ToProblem();
    }

    private static async Task<Results<Ok<ReaderProfile>, ProblemHttpResult>> GetAsync(Guid id, ReaderProfiles profiles, CancellationToken cancellationToken) =>
        await profiles.GetAsync(id, cancellationToken) is { } profile ? TypedResults.Ok(profile) : AdminError.NotFound("No reader has this id.").ToProblem();

    private static async Task<Results<Ok<ReaderExplanation>, ProblemHttpResult>> ExplainAsync(Guid id, ReaderTimeline timeline, CancellationToken cancellationToken) =>
        await timeline.ExplainAsync(id, cancellationToken) is { } explanation ? TypedResults.Ok(explanation) : AdminError.NotFound("No reader has this id.").ToProblem();

    private static PushStreamHttpResult Export(ReadersCsvExport export, HttpContext http) =>
        TypedResults.Stream(stream => export.WriteAsync(stream, http.RequestAborted), "text/csv; charset=utf-8", "readers.csv");
}
